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
    void enqueueClaimComplete_thenFinalRead_isValid() {
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
    void replayingOneClaimRequest_isNotADuplicate() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      s.claim("req-1", l).claim("req-1", l).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void reclaimingAfterTheLeaseExpired_isNotADuplicate() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE);
      s.claim(s.lease("a", 2)).ack(AckKind.COMPLETE, token("a", 2), AckStatus.OK)
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.LEASE_LOST).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
    }

    @Test
    void archivedTaskRunAgainByAdmin_isNotDoubleTerminal() {
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
    void acknowledgedTaskMissingFromTheFinalRead_isLost() {
      HistoryScript s = new HistoryScript().enqueue("a").enqueue("b").read(info("b", TaskState.PENDING, 0, 0, 3));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.LOST, 1);
      assertThat(r.examples(AnomalyKind.LOST).get(0).task()).isEqualTo(new TaskKey("q", "a"));
      assertThat(r.examples(AnomalyKind.LOST).get(0).eventIndexes()).contains(0, 1);
    }

    @Test
    void unknownEnqueueMissingFromTheFinalRead_isNotLost() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).unknown("timeout");
      s.invokeEnqueue("b", 0); // never completed: the client crashed
      s.read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().enqueuesUnknown()).isEqualTo(2);
    }

    @Test
    void unknownEnqueueThatLaterShowsUp_isCountedRecovered() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).unknown("timeout");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).isTrue();
      assertThat(r.summary().tasksRecovered()).isEqualTo(1);
    }

    @Test
    void failedOrRejectedEnqueue_isNotLost() {
      HistoryScript s = new HistoryScript();
      s.invokeEnqueue("a", 0).fail("BrokerUnavailableException");
      s.invokeEnqueue("b", 0).ok(new EnqueueResult("b", "q", EnqueueOutcome.DUPLICATE, null));
      s.read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void taskFinishedByAnAckWhoseReplyWasLost_isNotLost() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1));
      s.recorder.invoke("worker", new Operation.Ack(AckKind.COMPLETE, token("a", 1), 0)).unknown("connection reset");
      s.read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void archivedTaskSeenThenPurged_isNotLost() {
      HistoryScript s = new HistoryScript().enqueue("a").read(info("a", TaskState.ARCHIVED, 1, 4, 3)).purge().read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void exhaustedTaskRecoveredAndPurgedUnseen_isNotLost_butCounted() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1, 3, 3)).advance(5_000).purge().read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().purgedUnseen()).isEqualTo(1);
    }

    @Test
    void afterAClaimWithUnknownOutcome_aPurgeThatRemovedNothing_excusesNoLoss() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.invokeClaim("r1").unknown("connection reset");
      s.purge(0).read();
      assertOnly(s.check(), AnomalyKind.LOST, 1);
    }

    @Test
    void afterAClaimWithUnknownOutcome_aPurgeThatRemovedTasks_mayHaveRemovedIt() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.invokeClaim("r1").unknown("connection reset");
      s.purge(1).read();
      HistoryReport r = s.check();
      assertThat(r.valid()).as(r.toMarkdown()).isTrue();
      assertThat(r.summary().purgedUnseen()).isEqualTo(1);
    }

    @Test
    void taskWithRetriesLeftPurgedUnseen_isLost() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1, 0, 3)).advance(5_000).purge().read();
      assertOnly(s.check(), AnomalyKind.LOST, 1);
    }

    @Test
    void withoutAFinalRead_lossIsNotJudged() {
      HistoryReport r = new HistoryScript().enqueue("a").check();
      assertThat(r.valid()).isTrue();
      assertThat(r.summary().lossChecked()).isFalse();
      assertThat(r.toMarkdown()).contains("loss NOT checked");
    }
  }

  @Nested
  class DuplicatedClaims {
    @Test
    void sameTokenHandedToTwoClaimRequests_isDuplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      s.claim("w1", l).claim("w2", l).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DUPLICATED_CLAIM, 1);
      assertThat(r.examples(AnomalyKind.DUPLICATED_CLAIM).get(0).description()).contains("w1", "w2");
    }

    @Test
    void concurrentClaimsReturningOneToken_isDuplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease l = s.lease("a", 1);
      HistoryRecorder.Invocation c1 = s.invokeClaim("w1");
      HistoryRecorder.Invocation c2 = s.invokeClaim("w2");
      c1.ok(new dev.taskbed.spi.ClaimResult(List.of(l), -1));
      c2.ok(new dev.taskbed.spi.ClaimResult(List.of(l), -1));
      assertOnly(s.check(), AnomalyKind.DUPLICATED_CLAIM, 1);
    }

    @Test
    void newLeaseWhileTheOldOneIsLiveAndUnacked_isDuplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.DUPLICATED_CLAIM)).as(r.toMarkdown()).isEqualTo(1);
      assertThat(r.examples(AnomalyKind.DUPLICATED_CLAIM).get(0).description()).contains("was live until");
    }

    @Test
    void newLeaseWithinTheClockTolerance_isNotReported() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1);
      s.claim(s.lease("a", 2));
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(5).build()).valid()).isTrue();
    }
  }

  @Nested
  class Unexpected {
    @Test
    void claimOfATaskNobodyEnqueued_isUnexpected() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("ghost", 1));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }

    @Test
    void claimOfAnIncarnationNobodyEnqueued_isUnexpected() {
      HistoryScript s = new HistoryScript().enqueue("a");
      Lease real = s.lease("a", 1);
      s.claim(new Lease(real.task(), new dev.taskbed.spi.LeaseToken("q", "a", 1, 999), real.expiresAtMillis()));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }

    @Test
    void readShowingATaskNobodyEnqueued_isUnexpected() {
      HistoryScript s = new HistoryScript().read(info("ghost", TaskState.PENDING, 0, 0, 3));
      assertOnly(s.check(), AnomalyKind.UNEXPECTED, 1);
    }
  }

  @Nested
  class StaleWrites {
    @Test
    void ackWithASupersededTokenAnsweredOk_isStale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE);
      s.claim(s.lease("a", 2)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK);
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.STALE_WRITE)).as(r.toMarkdown()).isEqualTo(1);
      assertThat(r.examples(AnomalyKind.STALE_WRITE).get(0).description()).contains("superseded");
    }

    @Test
    void ackAfterTheLeaseExpiredAnsweredOk_isStale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE).ack(AckKind.RETRY, token("a", 1), 0, AckStatus.OK);
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.STALE_WRITE, 1);
      assertThat(r.examples(AnomalyKind.STALE_WRITE).get(0).description()).contains("expired");
    }

    @Test
    void ackJustBeforeExpiry_isFine() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE - 1).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void ackAfterAnExtensionPushedExpiryOut_isFine() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(500).extend(token("a", 1), 5_000, AckStatus.OK).advance(3_000)
          .ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).as(s.check().toMarkdown()).isTrue();
    }

    @Test
    void extensionThatRevivedAnExpiredLease_isStale() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(HistoryScript.LEASE + 10).extend(token("a", 1), 5_000, AckStatus.OK);
      assertOnly(s.check(), AnomalyKind.STALE_WRITE, 1);
    }

    @Test
    void twoDifferentAcksCommittedOnOneToken_isStale() {
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
    void completedTaskDeliveredAgain_isDoubleTerminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).advance(5_000);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DOUBLE_TERMINAL, 1);
      assertThat(r.examples(AnomalyKind.DOUBLE_TERMINAL).get(0).description()).contains("delivered again", "completed");
    }

    @Test
    void completedTaskSeenInRetryLater_isDoubleTerminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK)
          .read(info("a", TaskState.COMPLETED, 1, 0, 3)).read(info("a", TaskState.RETRY, 1, 1, 3));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void revokedTaskStillVisible_isDoubleTerminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.REVOKE, token("a", 1), AckStatus.OK).read(info("a", TaskState.PENDING, 1, 0, 3));
      assertOnly(s.check(), AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void archivedTaskClaimedWithoutRunNow_isDoubleTerminal() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.ARCHIVE, token("a", 1), AckStatus.OK);
      s.claim(s.lease("a", 2));
      assertOnly(s.check(), AnomalyKind.DOUBLE_TERMINAL, 1);
    }

    @Test
    void reenqueueAfterRemoval_startsAFreshJudgement() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.REVOKE, token("a", 1), AckStatus.OK).enqueue("a").read(info("a", TaskState.PENDING, 0, 0, 3));
      assertThat(s.check().valid()).isTrue();
    }
  }

  @Nested
  class EarlyDeliveries {
    @Test
    void delayedTaskClaimedOneMillisecondEarly_isEarly() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(4_999);
      s.claim(s.lease("a", 1));
      HistoryReport r = s.check();
      assertOnly(r, AnomalyKind.EARLY_DELIVERY, 1);
    }

    @Test
    void delayedTaskClaimedWhenDue_isFine() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(5_000);
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void retriedTaskClaimedBeforeItsBackoff_isEarly() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).ack(AckKind.RETRY, token("a", 1), 2_000, AckStatus.OK).advance(1_000);
      s.claim(s.lease("a", 2));
      assertOnly(s.check(), AnomalyKind.EARLY_DELIVERY, 1);
    }

    @Test
    void taskReclaimedBeforeItsUnackedLeaseExpired_isEarlyAndDuplicated() {
      HistoryScript s = new HistoryScript().enqueue("a");
      s.claim(s.lease("a", 1)).advance(10);
      s.claim(s.lease("a", 2));
      HistoryReport r = s.check();
      assertThat(r.count(AnomalyKind.DUPLICATED_CLAIM)).isEqualTo(1);
      assertThat(r.count(AnomalyKind.EARLY_DELIVERY)).isEqualTo(1);
    }

    @Test
    void runNowLiftsTheDueTime() {
      HistoryScript s = new HistoryScript().enqueue("a", 60_000).admin(Operation.AdminKind.RUN_NOW, "a");
      s.claim(s.lease("a", 1)).ack(AckKind.COMPLETE, token("a", 1), AckStatus.OK).read();
      assertThat(s.check().valid()).isTrue();
    }

    @Test
    void clockToleranceForgivesSmallSkew() {
      HistoryScript s = new HistoryScript().enqueue("a", 5_000).advance(4_990);
      s.claim(s.lease("a", 1));
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(10).build()).count(AnomalyKind.EARLY_DELIVERY)).isZero();
      assertThat(s.check(HistoryChecker.builder().clockToleranceMillis(9).build()).count(AnomalyKind.EARLY_DELIVERY)).isEqualTo(1);
    }
  }

  @Nested
  class ReportAndRecorder {
    @Test
    void reportCountsExactlyButKeepsOnlyTheConfiguredExamples() {
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
    void recorderRefusesASecondCompletion() {
      HistoryRecorder rec = new HistoryRecorder(new dev.taskbed.env.ManualClock());
      HistoryRecorder.Invocation inv = rec.invoke(new Operation.Read(List.of("q")));
      inv.ok(List.of());
      assertThatThrownBy(() -> inv.ok(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void historyPairsInvocationsWithCompletionsAndStampsTheClock() {
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
