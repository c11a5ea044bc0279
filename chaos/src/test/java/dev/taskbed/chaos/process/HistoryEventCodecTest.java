package dev.taskbed.chaos.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryEventCodecTest {
  private static final LeaseToken TOKEN = new LeaseToken("q", "a", 3, -42L);

  private static HistoryEvent roundTrip(HistoryEvent e) {
    return HistoryEventCodec.decode(HistoryEventCodec.encode(e));
  }

  @Test
  void a_claim_result_keeps_what_the_checker_reads() {
    TaskInfo t = new TaskInfo("a", "q", "chaos:work", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(),
        TaskState.ACTIVE, 25, 2, 3, null, null, Instant.ofEpochMilli(1_000), null, null, null, null,
        Instant.ofEpochMilli(9_000), null, null);
    Operation.Claim op = new Operation.Claim(new ClaimRequest("rid", List.of("q", "r"), 4, 2_000));
    HistoryEvent e = new HistoryEvent(5, HistoryEvent.Type.OK, 11, "jvm1-io-1", op,
        new ClaimResult(List.of(new Lease(t, TOKEN, 9_000)), 250), null, 1_234, 987_654_321L);

    HistoryEvent back = roundTrip(e);

    assertThat(back.operation()).isEqualTo(op);
    assertThat(back.index()).isEqualTo(5);
    assertThat(back.wallNanos()).isEqualTo(987_654_321L);
    ClaimResult r = (ClaimResult) back.result();
    assertThat(r.millisUntilNextDue()).isEqualTo(250);
    Lease l = r.leases().get(0);
    assertThat(l.token()).isEqualTo(TOKEN);
    assertThat(l.expiresAtMillis()).isEqualTo(9_000);
    assertThat(l.task().attempts()).isEqualTo(2);
    assertThat(l.task().maxRetry()).isEqualTo(25);
    assertThat(l.task().state()).isEqualTo(TaskState.ACTIVE);
  }

  @Test
  void acks_extensions_and_maintenance_round_trip_with_their_outcomes() {
    List<HistoryEvent> events = List.of(
        new HistoryEvent(0, HistoryEvent.Type.OK, 1, "p", new Operation.Ack(AckKind.RETRY, TOKEN, 150), AckStatus.LEASE_LOST,
            null, 1, 2),
        new HistoryEvent(1, HistoryEvent.Type.UNKNOWN, 2, "p", new Operation.ExtendLease(TOKEN, 2_000), null, "timeout", 1, 3),
        new HistoryEvent(2, HistoryEvent.Type.OK, 3, "p", new Operation.Maintenance(
            Operation.MaintenanceKind.RECOVER_EXPIRED_LEASES, "q", 100, 100), new MaintenanceResult(2, true), null, 1, 4));
    for (HistoryEvent e : events) {
      assertThat(roundTrip(e)).isEqualTo(e);
    }
  }

  @Test
  void operations_a_worker_never_records_are_rejected() {
    HistoryEvent read = new HistoryEvent(0, HistoryEvent.Type.INVOKE, 1, "p", new Operation.Read(List.of("q")), null, null, 1, 1);
    assertThatThrownBy(() -> HistoryEventCodec.encode(read)).isInstanceOf(IllegalArgumentException.class);
  }
}
