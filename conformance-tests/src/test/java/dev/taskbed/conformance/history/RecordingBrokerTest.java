package dev.taskbed.conformance.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.TaskInfo;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingBrokerTest {
  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker inMemory = new InMemoryBroker(clock);
  private final HistoryRecorder recorder = new HistoryRecorder(clock);
  private final RecordingBroker broker = new RecordingBroker(inMemory, recorder);
  private final RecordingAdmin admin = new RecordingAdmin(inMemory, recorder);

  private static EnqueueRequest request(String id, long delay) {
    return new EnqueueRequest(id, "q", "t", new byte[] {1}, Map.of(), 3, delay, 0, 0, 0, 0, null, 0, "h-" + id, 42);
  }

  @Test
  void it_records_a_whole_run_that_the_checker_finds_valid() {
    broker.enqueueBatch(List.of(request("a", 0), request("b", 0), request("c", 2_000)));
    ClaimResult claimed = broker.claim(new ClaimRequest("r1", List.of("q"), 5, 1_000));
    assertThat(claimed.leases()).hasSize(2);
    Lease a = claimed.leases().get(0);
    Lease b = claimed.leases().get(1);
    assertThat(broker.extendLease(a.token(), 5_000)).isEqualTo(AckStatus.OK);
    assertThat(broker.complete(a.token())).isEqualTo(AckStatus.OK);
    assertThat(broker.retry(b.token(), 100, "boom", true)).isEqualTo(AckStatus.OK);
    clock.advance(Duration.ofSeconds(3));
    for (Lease l : broker.claim(new ClaimRequest("r2", List.of("q"), 5, 1_000)).leases()) {
      broker.complete(l.token());
    }
    List<TaskInfo> seen = admin.read(List.of("q"));
    assertThat(seen).isEmpty();

    HistoryReport report = HistoryChecker.defaults().check(recorder.history());
    assertThat(report.valid()).as(report.toMarkdown()).isTrue();
    assertThat(report.summary().tasksAcknowledged()).isEqualTo(3);
    assertThat(report.summary().deliveries()).isEqualTo(4);
    assertThat(report.summary().lossChecked()).isTrue();
  }

  @Test
  void the_checker_catches_a_task_deleted_behind_the_recorders_back() {
    broker.enqueue(request("a", 0));
    inMemory.delete("q", "a"); // not through the recording admin: the history cannot explain it
    admin.read(List.of("q"));
    HistoryReport report = HistoryChecker.defaults().check(recorder.history());
    assertThat(report.count(AnomalyKind.LOST)).isEqualTo(1);
  }

  @Test
  void an_unavailable_broker_fails_enqueues_but_leaves_other_calls_unknown() {
    inMemory.close();
    assertThatThrownBy(() -> broker.enqueue(request("a", 0))).isInstanceOf(BrokerUnavailableException.class);
    assertThatThrownBy(() -> broker.claim(new ClaimRequest("r", List.of("q"), 1, 1_000)))
        .isInstanceOf(BrokerUnavailableException.class);
    List<History.Entry> entries = recorder.history().entries();
    assertThat(entries).extracting(History.Entry::status)
        .containsExactly(HistoryEvent.Type.FAIL, HistoryEvent.Type.UNKNOWN);
  }

  @Test
  void admin_refusals_are_failures_and_changes_are_ok() {
    broker.enqueue(request("a", 0));
    assertThatThrownBy(() -> admin.runNow("q", "a")).isInstanceOf(dev.taskbed.TaskStateException.class);
    admin.archive("q", "a");
    assertThat(recorder.history().entries()).extracting(History.Entry::status)
        .containsExactly(HistoryEvent.Type.OK, HistoryEvent.Type.FAIL, HistoryEvent.Type.OK);
  }
}
