package dev.taskbed.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.EnqueueResult;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.spi.ClaimRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorTest {
  private final Harness h = new Harness();

  @Test
  void lists_queues_and_counts_by_state() {
    h.enqueue("t");
    h.enqueue("t", TaskOptions.builder().processIn(Duration.ofHours(1)));
    h.enqueue("t", TaskOptions.builder().queue("critical"));
    h.inspector.pause("critical");
    assertThat(h.inspector.queues()).containsExactly("critical", "default");
    assertThat(h.inspector.stats("default")).isEqualTo(new QueueStats("default", 1, 0, 1, 0, 0, 0, false));
    assertThat(h.inspector.stats("critical").paused()).isTrue();
    assertThat(h.inspector.stats("nowhere")).isEqualTo(new QueueStats("nowhere", 0, 0, 0, 0, 0, 0, false));
  }

  @Test
  void pages_through_pending_tasks_in_queue_order() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(h.enqueue("t").taskId());
    }
    Page<TaskInfo> first = h.inspector.list("default", TaskState.PENDING, 0, 3);
    Page<TaskInfo> last = h.inspector.list("default", TaskState.PENDING, 2, 3);
    assertThat(first.items()).extracting(TaskInfo::id).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(first.hasMore()).isTrue();
    assertThat(last.items()).extracting(TaskInfo::id).containsExactly(ids.get(6));
    assertThat(last.hasMore()).isFalse();
    assertThatThrownBy(() -> h.inspector.list("default", TaskState.PENDING, -1, 3)).isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> h.inspector.list("default", TaskState.PENDING, 0, 0)).hasMessageContaining("pageSize");
  }

  @Test
  void runs_a_scheduled_task_now_and_archives_and_deletes_others() {
    EnqueueResult later = h.enqueue("t", TaskOptions.builder().processIn(Duration.ofHours(1)));
    EnqueueResult doomed = h.enqueue("t");
    h.inspector.runNow("default", later.taskId());
    assertThat(h.task(later).state()).isEqualTo(TaskState.PENDING);
    h.inspector.archive("default", doomed.taskId());
    assertThat(h.task(doomed).state()).isEqualTo(TaskState.ARCHIVED);
    assertThatThrownBy(() -> h.inspector.archive("default", doomed.taskId())).isInstanceOf(TaskStateException.class);
    h.inspector.runNow("default", doomed.taskId());
    assertThat(h.task(doomed).state()).isEqualTo(TaskState.PENDING);
    h.inspector.delete("default", doomed.taskId());
    assertThat(h.inspector.task("default", doomed.taskId())).isEmpty();
    assertThatThrownBy(() -> h.inspector.delete("default", doomed.taskId())).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> h.inspector.runNow("default", later.taskId()))
        .isInstanceOf(TaskStateException.class).hasMessageContaining("PENDING");
  }

  @Test
  void refuses_to_touch_an_active_task() {
    EnqueueResult r = h.enqueue("t");
    h.broker.claim(new ClaimRequest("req-1", List.of("default"), 1, 30_000));
    assertThatThrownBy(() -> h.inspector.delete("default", r.taskId())).isInstanceOf(TaskActiveException.class);
    assertThatThrownBy(() -> h.inspector.archive("default", r.taskId())).isInstanceOf(TaskActiveException.class);
    assertThatThrownBy(() -> h.inspector.runNow("default", r.taskId()))
        .isInstanceOf(TaskActiveException.class).hasMessageContaining("ACTIVE");
  }

  @Test
  void rejects_invalid_queue_names() {
    assertThatThrownBy(() -> h.inspector.stats("{bad}")).isInstanceOf(InvalidOptionException.class).hasMessageContaining("queue");
  }
}
