package dev.taskbed.simulator.scripted;

import dev.taskbed.Task;
import dev.taskbed.simulator.workload.Producer;
import dev.taskbed.simulator.workload.Producer.Answer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A producer of a scripted scenario and what its client answered for each task, by task id
 * (scripted tasks carry their ids), for checks such as "every acknowledged enqueue exists exactly
 * once". The broker beneath the client is a recording one, so the history has every attempt too.
 */
public final class RecordedProducer implements Producer.Listener {
  private final Map<String, Answer> answers = Collections.synchronizedMap(new LinkedHashMap<>());
  private Producer producer;

  void attach(Producer producer) {
    this.producer = producer;
  }

  @Override
  public void answered(Task task, Answer answer) {
    answers.put(task.options().taskId().orElseThrow(), answer);
  }

  /** Stops after the enqueues in progress and waits for them. */
  public void stop() throws InterruptedException {
    producer.stop();
  }

  /** Every answer so far, by task id, in enqueue order. */
  public Map<String, Answer> answers() {
    synchronized (answers) {
      return new LinkedHashMap<>(answers);
    }
  }

  /** Ids the client acknowledged (CREATED or EXISTING). */
  public Set<String> acknowledged() {
    Set<String> out = new TreeSet<>();
    answers().forEach((id, a) -> {
      if (a == Answer.CREATED || a == Answer.EXISTING) {
        out.add(id);
      }
    });
    return out;
  }

  public long count(Answer a) {
    return answers().values().stream().filter(a::equals).count();
  }
}
