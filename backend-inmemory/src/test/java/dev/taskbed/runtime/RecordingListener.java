package dev.taskbed.runtime;

import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it is told, in order. */
final class RecordingListener implements TaskbedListener {
  final List<TaskbedEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(TaskbedEvent event) {
    events.add(event);
  }

  <T extends TaskbedEvent> List<T> of(Class<T> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The kinds of this task's events, in order (e.g. "Started", "Failed"). */
  List<String> kindsFor(String taskId) {
    return events.stream().filter(e -> taskId.equals(taskIdOf(e))).map(e -> e.getClass().getSimpleName()).toList();
  }

  static String taskIdOf(TaskbedEvent e) {
    if (e instanceof TaskbedEvent.Started s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Succeeded s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Failed s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.LeaseLost s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Cancelled s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Requeued s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.HandlerStuck s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Revoked s) {
      return s.attempt().taskId();
    } else if (e instanceof TaskbedEvent.Enqueued s) {
      return s.taskId();
    }
    return null;
  }
}
