package dev.taskbed.conformance.history;

import static dev.taskbed.conformance.history.HistoryScript.info;
import static dev.taskbed.conformance.history.HistoryScript.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Lease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

  /** Asserts the report has exactly {@code n} anomalies, all of {@code kind}. */
  private static void assertOnly(HistoryReport report, AnomalyKind kind, int n) {
    assertThat(report.count(kind)).as(report.toMarkdown()).isEqualTo(n);
    assertThat(report.total()).as(report.toMarkdown()).isEqualTo(n);
  }

  @Nested
  class ValidHistories {
    @Test
    void enqueue_claim_complete_then_a_final_read_is_valid() {
      HistoryScript s = new HistoryScript().enqueue("a").enqueue("b");
      s.claim(s.lease("a", 1), s.lease("b", 1))
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK)
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.ALREADY_APPLIED)
          .ack(AckKind.RETRY, token("b", 1), 500, AckStatus.OK)
          .advance(500);
      s.claim(s.lease("b", 2)).ack(AckKind.COMPLETE, token("b", 2), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().lossChecked()).isTrue();
      assertThat(r.summary().tasksAcknowledged()).isEqualTo(2);
      assertThat(r.summary().deliveries()).isEqualTo(3);
    }

    @Test
    void replaying_one_claim_request_is_not_a_duplicate() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      s.claim("req-1", l).claim("req-1", l).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void reclaiming_after_the_lease_expired_is_not_a_duplicate() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE);
      s.claim(s.lease("a", 2)).ack(AckKind.COMPLETE, token("a", 2), AckStatus.OK)
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.LEASE_LOST).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
    }

    @Test
    void an_archived_task_run_again_by_admin_is_not_double_terminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.ARCHIVE, token("a", 1), AckStatus.OK)
          .read(info("a", TaskState.ARCHIVED, 1, 1, 3))
          .admin(Operation.AdminKind.RUN_NOW, "a");
      s.claim(s.lease("a", 2)).ack(AckKind.COMPLETE, token("a", 2), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
    }
  }

  @Nested
  class Lost {
    @Test
    void an_acknowledged_task_missing_from_the_final_read_is_lost() {
      HistoryScript s = new HistoryScript().enqueue("a").enqueue("b").read(info("b", TaskState.PENDING, 0, 0, 3));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.LOST, 1);
      assertThat(r.examples(AnomalyKind.LOST).get(0).task()).isEqualTo(new TaskKey("q", "a"));
      assertThat(r.examples(AnomalyKind.LOST).get(0).eventIndexes()).contains(0, 1);
    }

    @Test
    void an_unknown_enqueue_missing_from_the_final_read_is_not_lost() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).unknown("timeout");
      s.invokeEnqueue("b", 0); // never completed: the client crashed
      s.read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().enqueuesUnknown()).isEqualTo(2);
    }

    @Test
    void an_unknown_enqueue_that_later_shows_up_is_counted_recovered() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).unknown("timeout");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).isTrue();
      assertThat(r.summary().tasksRecovered()).isEqualTo(1);
    }

    @Test
    void a_failed_or_rejected_enqueue_is_not_lost() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).fail("BrokerUnavailableException");
      s.invokeEnqueue("b", 0).ok(new EnqueueResult("b", "q", EnqueueOutcome.DUPLICATE, null));
      s.read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void a_task_finished_by_an_ack_whose_reply_was_lost_is_not_lost() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1));
      s.recorder.invoke("worker", new Operation.Ack(AckKind.COMPLETE, token("a", 1), 0)).unknown("connection reset");
      s.read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void an_archived_task_seen_then_purged_is_not_lost() {
      HistoryScript s = new HistoryScript().enqueue("a").read(info("a", TaskState.ARCHIVED, 1, 4, 3)).purge().read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void an_exhausted_task_recovered_and_purged_unseen_is_not_lost_but_counted() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1, 3, 3)).advance(5_000).purge().read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().purgedUnseen()).isEqualTo(1);
    }

    @Test
    void after_a_claim_with_unknown_outcome_a_purge_that_removed_nothing_excuses_no_loss() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.invokeClaim("r1").unknown("connection reset");
      s.purge(0).read();
      assertOnly(s.check(), AnomalyKind.LOST, 1);
    }

    @Test
    void after_a_claim_with_unknown_outcome_a_purge_that_removed_tasks_may_have_removed_it() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.invokeClaim("r1").unknown("connection reset");
      s.purge(1).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().purgedUnseen()).isEqualTo(1);
    }

    @Test
    void a_task_with_retries_left_purged_unseen_is_lost() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1, 0, 3)).advance(5_000).purge().read();
      assertOnly(s.check(), AnomalyKind.LOST, 1);
    }

    @Test
    void without_a_final_read_loss_is_not_judged() {
      HistoryReport r = new HistoryScript().enqueue("a").check();
      assertThat(r.valid()).isTrue();
      assertThat(r.summary().lossChecked()).isFalse();
      assertThat(r.toMarkdown()).contains("loss NOT checked");
    }
  }

  @Nested
  class DuplicatedClaims {
    @Test
    void the_same_token_handed_to_two_claim_requests_is_duplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      s.claim("w1", l).claim("w2", l).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DUPLICATED_CLAIM, 1);
      assertThat(r.examples(AnomalyKind.DUPLICATED_CLAIM).get(0).description()).contains("w1", "w2");
    }

    @Test
    void concurrent_claims_returning_one_token_are_duplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      HistoryRecorder.Invocation c1 = s.invokeClaim("w1");
      HistoryRecorder.Invocation c2 = s.invokeClaim("w2");
      c1.ok(new dev.taskbed.spi.ClaimResult(List.of(l), -1));
      c2.ok(new dev.taskbed.spi.ClaimResult(List.of(l), -1));
      assertOnly(s.check(), AnomalyKind.DUPLICATED_CLAIM, 1);
    }

    @Test
    void a_new_lease_while_the_old_one_is_live_and_unacked_is_duplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.DUPLICATED_CLAIM)).as(r.toMarkdown()).isEqualTo(1);
      assertThat(r.examples(AnomalyKind.DUPLICATED_CLAIM).get(0).description()).contains("was live until");
    }

    @Test
    void a_new_lease_within_the_clock_tolerance_is_not_reported() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1);
      s.claim(s.lease("a", 2));
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(5).build()).valid()).isTrue();
    }
  }

  @Nested
  class Unexpected {
    @Test
    void a_claim_of_a_task_nobody_enqueued_is_unexpected() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("ghost", 1));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }

    @Test
    void a_claim_of_an_incarnation_nobody_enqueued_is_unexpected() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease real = s.lease("a", 1);
      s.claim(new Lease(real.task(), new dev.taskbed.spi.LeaseToken("q", "a", 1, 999), real.expiresAtMillis()));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }

    @Test
    void a_read_showing_a_task_nobody_enqueued_is_unexpected() {
      HistoryScript s = new HistoryScript().read(info("ghost", TaskState.PENDING, 0, 0, 3));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }
  }

  @Nested
  class StaleWrites {
    @Test
    void an_ack_with_a_superseded_token_answered_ok_is_stale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE);
      s.claim(s.lease("a", 2)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK);
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.STALE_WRITE)).as(r.toMarkdown()).isEqualTo(1);
      assertThat(r.examples(AnomalyKind.STALE_WRITE).get(0).description()).contains("superseded");
    }

    @Test
    void an_ack_after_the_lease_expired_answered_ok_is_stale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE).ack(AckKind.RETRY, token("a", 1), 0, AckStatus.OK);
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.STALE_WRITE, 1);
      assertThat(r.examples(AnomalyKind.STALE_WRITE).get(0).description()).contains("expired");
    }

    @Test
    void an_ack_just_before_expiry_is_fine() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void an_ack_after_an_extension_pushed_expiry_out_is_fine() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(500).extend(token("a", 1), 5_000, AckStatus.OK).advance(3_000)
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).as(s.check().toMarkdown()).isTrue();
    }

    @Test
    void an_extension_that_revived_an_expired_lease_is_stale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE + 10).extend(token("a", 1), 5_000, AckStatus.OK);
      assertOnly(s.check(), AnomalyKind.STALE_WRITE, 1);
    }

    @Test
    void two_different_acks_committed_on_one_token_are_stale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.RETRY, token("a", 1), 0, AckStatus.OK)
          .ack(AckKind.ARCHIVE, token("a", 1), AckStatus.OK);
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.STALE_WRITE)).as(r.toMarkdown()).isEqualTo(1);
    }
  }

  @Nested
  class DoubleTerminal {
    @Test
    void a_completed_task_delivered_again_is_double_terminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).advance(5_000);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DOUBLE_TERMINAL, 1);
      assertThat(r.examples(AnomalyKind.DOUBLE_TERMINAL).get(0).description()).contains("delivered again", "completed");
    }

    @Test
    void a_completed_task_seen_in_retry_later_is_double_terminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK)
          .read(info("a", TaskState.COMPLETED, 1, 0, 3)).read(info("a", TaskState.RETRY, 1, 1, 3));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void a_revoked_task_still_visible_is_double_terminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.REVOKE, token("a", 1), AckStatus.OK).read(info("a", TaskState.PENDING, 1, 0, 3));
      assertOnly(s.check(), AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void an_archived_task_claimed_without_run_now_is_double_terminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.ARCHIVE, token("a", 1), AckStatus.OK);
      s.claim(s.lease("a", 2));
      assertOnly(s.check(), AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void a_reenqueue_after_removal_starts_a_fresh_judgement() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.REVOKE, token("a", 1), AckStatus.OK).enqueue("a").read(info("a", TaskState.PENDING, 0, 0, 3));
      assertThat(s.check().valid()).isTrue();
    }
  }

  @Nested
  class EarlyDeliveries {
    @Test
    void a_delayed_task_claimed_one_millisecond_early_is_early() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(4_999);
      s.claim(s.lease("a", 1));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.EARLY_DELIVERY, 1);
    }

    @Test
    void a_delayed_task_claimed_when_due_is_fine() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(5_000);
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void a_retried_task_claimed_before_its_backoff_is_early() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.RETRY, token("a", 1), 2_000, AckStatus.OK).advance(1_000);
      s.claim(s.lease("a", 2));
      assertOnly(s.check(), AnomalyKind.EARLY_DELIVERY, 1);
    }

    @Test
    void a_task_reclaimed_before_its_unacked_lease_expired_is_early_and_duplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(10);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.DUPLICATED_CLAIM)).isEqualTo(1);
      assertThat(r.count(AnomalyKind.EARLY_DELIVERY)).isEqualTo(1);
    }

    @Test
    void run_now_lifts_the_due_time() {
      HistoryScript s = new HistoryScript().enqueue("a", 60_000).admin(Operation.AdminKind.RUN_NOW, "a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void the_clock_tolerance_forgives_small_skew() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(4_990);
      s.claim(s.lease("a", 1));
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(10).build()).count(AnomalyKind.EARLY_DELIVERY)).isZero();
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(9).build()).count(AnomalyKind.EARLY_DELIVERY)).isEqualTo(1);
    }
  }

  @Nested
  class ReportAndRecorder {
    @Test
    void the_report_counts_exactly_but_keeps_only_the_configured_examples() {
      HistoryScript s = new HistoryScript();
      for (int i = 0; i < 5; i++) {
        s.enqueue("t" + i);
      }
      s.read();
      HistoryReport r = s.check(HistoryChecker.builder().maxExamplesPerKind(2).build());
      assertThat(r.count(AnomalyKind.LOST)).isEqualTo(5);
      assertThat(r.examples(AnomalyKind.LOST)).hasSize(2);
      assertThat(r.counts()).containsEntry(AnomalyKind.LOST, 5).containsEntry(AnomalyKind.STALE_WRITE, 0);
      assertThat(r.toMarkdown()).contains("INVALID (5 anomalies)", "| lost | 5 |");
      assertThat(r.toString()).contains("lost=5");
    }

    @Test
    void the_recorder_refuses_a_second_completion() {
      HistoryRecorder rec = new HistoryRecorder(new dev.taskbed.env.ManualClock());
      HistoryRecorder.Invocation inv = rec.invoke(new Operation.Read(List.of("q")));
      inv.ok(List.of());
      assertThatThrownBy(() -> inv.ok(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_history_pairs_invocations_with_completions_and_stamps_the_clock() {
      HistoryScript s = new HistoryScript().at(2_000_000);
      HistoryRecorder.Invocation pending = s.invokeEnqueue("a", 0);
      s.advance(5).enqueue("b");
      History h = s.recorder.history();
      assertThat(h.entries()).hasSize(2);
      assertThat(h.entries().get(0).status()).isEqualTo(HistoryEvent.Type.UNKNOWN);
      assertThat(h.entries().get(0).completion()).isNull();
      assertThat(h.entries().get(1).invoke().clockMillis()).isEqualTo(2_000_005);
      pending.ok(new EnqueueResult("a", "q", EnqueueOutcome.CREATED, TaskState.PENDING));
      assertThat(s.recorder.history().entries().get(0).status()).isEqualTo(HistoryEvent.Type.OK);
      assertThat(Map.of("events", s.recorder.history().size())).containsEntry("events", 4);
    }
  }
}
