package dev.taskbed.simulator.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryTimesTest {
  private static final long MS = 1_000_000L;

  /** Builds a history whose events carry chosen {@code wallNanos}. */
  static final class Events {
    final List<HistoryEvent> list = new ArrayList<>();
    long nextId = 1;

    void op(Operation op, Object result, long invokedMs, long doneMs) {
      long id = nextId++;
      list.add(new HistoryEvent(list.size(), HistoryEvent.Type.INVOKE, id, "p", op, null, null, invokedMs, invokedMs * MS));
      list.add(new HistoryEvent(list.size(), HistoryEvent.Type.OK, id, "p", op, result, null, doneMs, doneMs * MS));
    }

    History history() {
      return new History(list);
    }
  }

  static LeaseToken token(String id, long seq) {
    return new LeaseToken("q", id, seq, 9);
  }

  static void claim(Events e, String id, long seq, long atMs) {
    TaskInfo t = new TaskInfo(id, "q", "t", new byte[0], Map.of(), TaskState.ACTIVE, 3, 0, seq, null, null,
        Instant.EPOCH, null, null, null, null, Instant.ofEpochMilli(atMs + 2000), null, null);
    e.op(new Operation.Claim(new ClaimRequest("r" + atMs, List.of("q"), 1, 2000)),
        new ClaimResult(List.of(new Lease(t, token(id, seq), atMs + 2000)), -1), atMs, atMs + 1);
  }

  static void complete(Events e, String id, long seq, long atMs) {
    e.op(new Operation.Ack(AckKind.COMPLETE, token(id, seq), 0), AckStatus.OK, atMs, atMs + 1);
  }

  @Test
  void recovery_is_the_first_completion_after_the_fault_when_nothing_was_stranded() {
    Events e = new Events();
    claim(e, "a", 1, 100);
    complete(e, "a", 1, 1_700);
    var r = RecoveryTimes.longest(e.history(), List.of(new FaultTimeline.Window("cut", 500 * MS, 1_000 * MS)));
    assertThat(r.longest()).isEqualTo(Duration.ofMillis(701));
    assertThat(r.unrecovered()).isNull();
  }

  @Test
  void a_stranded_task_counts_from_the_start_of_the_fault() {
    Events e = new Events();
    claim(e, "a", 1, 100);
    complete(e, "b", 1, 1_010); // service is back at once ...
    claim(e, "a", 2, 2_600); // ... but a, stranded by the fault, is redelivered after its lease expired
    complete(e, "a", 2, 3_000);
    var r = RecoveryTimes.longest(e.history(), List.of(new FaultTimeline.Window("kill", 500 * MS, 1_000 * MS)));
    assertThat(r.longest()).isEqualTo(Duration.ofMillis(2_501));
  }

  @Test
  void a_fault_after_which_nothing_completes_is_reported_unrecovered() {
    Events e = new Events();
    claim(e, "a", 1, 100);
    complete(e, "a", 1, 200);
    var r = RecoveryTimes.longest(e.history(), List.of(new FaultTimeline.Window("crash", 500 * MS, 1_000 * MS)));
    assertThat(r.unrecovered()).isEqualTo("crash");
  }

  @Test
  void no_fault_means_no_recovery_time() {
    assertThat(RecoveryTimes.longest(new Events().history(), List.of()).longest()).isNull();
  }
}
