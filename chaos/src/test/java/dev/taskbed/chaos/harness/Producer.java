package dev.taskbed.chaos.harness;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Task;
import dev.taskbed.TaskbedException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * One producer thread enqueueing tasks through a {@link Client} (which retries with the same id and
 * content hash) at a steady pace until stopped or its limit is reached, and remembering what the
 * client answered for each task: acknowledged (a normal return), unknown
 * ({@link EnqueueOutcomeUnknownException}) or failed (certainly not applied). The broker beneath
 * the client is a recording one, so the history has every attempt as well.
 */
public final class Producer {
  /** What the client answered for one task. */
  public enum Answer { CREATED, EXISTING, UNKNOWN, FAILED }

  private final Client client;
  private final IntFunction<Task> tasks;
  private final Duration pace;
  private final int limit;
  private final Thread thread;
  private final Map<String, Answer> answers = Collections.synchronizedMap(new LinkedHashMap<>());
  private volatile boolean stopped;

  /**
   * @param name the thread's name (the history's process name)
   * @param tasks task {@code n}, for n = 0, 1, ...
   * @param pace pause after each enqueue
   * @param limit most tasks to enqueue
   */
  public Producer(String name, Client client, IntFunction<Task> tasks, Duration pace, int limit) {
    this.client = client;
    this.tasks = tasks;
    this.pace = pace;
    this.limit = limit;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  public Producer start() {
    thread.start();
    return this;
  }

  private void run() {
    for (int n = 0; n < limit && !stopped; n++) {
      Task task = tasks.apply(n);
      String id = task.options().taskId().orElseThrow();
      try {
        EnqueueResult r = client.enqueue(task);
        answers.put(id, r.outcome() == EnqueueOutcome.CREATED ? Answer.CREATED : Answer.EXISTING);
      } catch (EnqueueOutcomeUnknownException e) {
        answers.put(id, Answer.UNKNOWN);
      } catch (BrokerUnavailableException | BrokerFullException e) {
        answers.put(id, Answer.FAILED);
      } catch (TaskbedException e) {
        answers.put(id, Answer.FAILED); // conflict or duplicate: not applied as asked
      }
      if (!pace.isZero()) {
        try {
          Thread.sleep(pace.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Stops after the enqueue in progress and waits for the thread. */
  public void stop() throws InterruptedException {
    stopped = true;
    thread.join(60_000);
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop within 60 s");
    }
  }

  /** Waits until at least {@code n} tasks were answered, or {@code timeout} passed; true if reached. */
  public boolean awaitAnswered(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answers.size() < n && System.nanoTime() < deadline && thread.isAlive()) {
      Thread.sleep(10);
    }
    return answers.size() >= n;
  }

  /** Every answer so far, by task id, in enqueue order. */
  public Map<String, Answer> answers() {
    synchronized (answers) {
      return new LinkedHashMap<>(answers);
    }
  }

  /** Ids the client acknowledged (CREATED or EXISTING). */
  public Set<String> acknowledged() {
    return idsWith(Answer.CREATED, Answer.EXISTING);
  }

  public Set<String> idsWith(Answer... which) {
    Set<Answer> wanted = Set.of(which);
    Set<String> out = new TreeSet<>();
    answers().forEach((id, a) -> {
      if (wanted.contains(a)) {
        out.add(id);
      }
    });
    return out;
  }

  public long count(Answer a) {
    return answers().values().stream().filter(a::equals).count();
  }
}
