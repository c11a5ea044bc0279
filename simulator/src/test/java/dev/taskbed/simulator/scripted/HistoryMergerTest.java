package dev.taskbed.simulator.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryMergerTest {

  private static HistoryEvent event(int index, HistoryEvent.Type type, long id, String process, long nanos) {
    Operation op = new Operation.Ack(AckKind.COMPLETE, RecoveryTimesTest.token("t" + id, 1), 0);
    return new HistoryEvent(index, type, id, process, op, type == HistoryEvent.Type.OK ? AckStatus.OK : null, null,
        nanos / 1_000_000, nanos);
  }

  @Test
  void events_of_all_processes_are_ordered_by_the_machines_monotonic_clock_and_renumbered() {
    History main = new History(List.of(event(0, HistoryEvent.Type.INVOKE, 1, "main", 100),
        event(1, HistoryEvent.Type.OK, 1, "main", 400)));
    List<HistoryEvent> worker = List.of(event(0, HistoryEvent.Type.INVOKE, 1, "jvm1", 200),
        event(1, HistoryEvent.Type.OK, 1, "jvm1", 300));

    History merged = HistoryMerger.merge(main, List.of(worker));

    assertThat(merged.events()).extracting(HistoryEvent::process).containsExactly("main", "jvm1", "jvm1", "main");
    assertThat(merged.events()).extracting(HistoryEvent::index).containsExactly(0, 1, 2, 3);
    assertThat(merged.entries()).hasSize(2).extracting(e -> e.invoke().operationId())
        .containsExactly(1L, 1 + HistoryMerger.ID_STRIDE);
    assertThat(merged.entries().get(1).precedes(merged.entries().get(0))).isFalse();
  }

  @Test
  void an_invocation_cut_off_by_a_kill_remains_an_unknown_outcome() {
    History main = new History(List.of());
    History merged = HistoryMerger.merge(main, List.of(List.of(event(0, HistoryEvent.Type.INVOKE, 7, "jvm1", 5))));
    assertThat(merged.entries()).singleElement().extracting(History.Entry::status).isEqualTo(HistoryEvent.Type.UNKNOWN);
  }
}
