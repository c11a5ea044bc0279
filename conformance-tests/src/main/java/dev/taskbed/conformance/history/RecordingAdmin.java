package dev.taskbed.conformance.history;

import dev.taskbed.Page;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.ForwardingBrokerAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link BrokerAdmin} decorator that records the admin operations that change tasks (delete,
 * run-now, archive) and offers {@link #read} to record a snapshot of every task, such as the final
 * read loss is judged against. Inspection calls pass through unrecorded. Thread-safe if the
 * delegate is.
 */
public final class RecordingAdmin implements ForwardingBrokerAdmin {
  /** Page size used by {@link #read}. */
  static final int READ_PAGE = 500;

  private final BrokerAdmin delegate;
  private final HistoryRecorder recorder;

  public RecordingAdmin(BrokerAdmin delegate, HistoryRecorder recorder) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /**
   * Lists every task of {@code queues} in every state and records it as one {@link Operation.Read}.
   * Each state is listed page by page, so the snapshot is exact only while nothing else changes the
   * queues: take the final read after the run has stopped.
   */
  public List<TaskInfo> read(Collection<String> queues) {
    HistoryRecorder.Invocation inv = recorder.invoke(new Operation.Read(List.copyOf(queues)));
    List<TaskInfo> all = new ArrayList<>();
    try {
      for (String q : queues) {
        for (TaskState s : TaskState.values()) {
          int offset = 0;
          Page<TaskInfo> page;
          do {
            page = delegate.list(q, s, offset, READ_PAGE);
            all.addAll(page.items());
            offset += page.items().size();
          } while (page.hasMore());
        }
      }
    } catch (RuntimeException e) {
      inv.unknown(e);
      throw e;
    }
    inv.ok(List.copyOf(all));
    return all;
  }

  @Override
  public void delete(String queue, String taskId) {
    change(Operation.AdminKind.DELETE, queue, taskId, () -> delegate.delete(queue, taskId));
  }

  @Override
  public void runNow(String queue, String taskId) {
    change(Operation.AdminKind.RUN_NOW, queue, taskId, () -> delegate.runNow(queue, taskId));
  }

  @Override
  public void archive(String queue, String taskId) {
    change(Operation.AdminKind.ARCHIVE, queue, taskId, () -> delegate.archive(queue, taskId));
  }

  private void change(Operation.AdminKind kind, String queue, String taskId, Runnable action) {
    HistoryRecorder.Invocation inv = recorder.invoke(new Operation.Admin(kind, queue, taskId));
    try {
      action.run();
    } catch (TaskNotFoundException | TaskStateException e) {
      inv.fail(e); // refused: nothing changed
      throw e;
    } catch (RuntimeException e) {
      inv.unknown(e);
      throw e;
    }
    inv.ok(null);
  }

  @Override
  public BrokerAdmin adminDelegate() {
    return delegate;
  }
}
