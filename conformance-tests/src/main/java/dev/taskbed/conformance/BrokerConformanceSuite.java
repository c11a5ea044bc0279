package dev.taskbed.conformance;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.conformance.concurrent.ConcurrencyProperty;
import dev.taskbed.conformance.runner.ModelBasedProperty;
import dev.taskbed.conformance.runner.PropertyResult;
import dev.taskbed.conformance.runner.Workload;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every Taskbed backend runs. A backend's test subclasses it and says how to
 * make a fresh broker:
 *
 * <pre>{@code
 * class InMemoryBrokerConformanceTest extends BrokerConformanceSuite {
 *   @Override
 *   protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
 *     return BrokerUnderTest.of(new InMemoryBroker(clock, policy));
 *   }
 * }
 * }</pre>
 *
 * Tests are grouped by the contract points of the architecture brief, one {@link Nested} class
 * each, and named for the behaviour they demand. Two further groups run the generated properties:
 * {@link GeneratedSequences} compares the broker with the reference model over seeded, shrinking
 * operation sequences; {@link ConcurrentClients} races real threads and checks the recorded
 * history. Their size comes from {@link ConformanceProfile} (system properties, cheap by default).
 *
 * <p>A backend declares what it can do in {@link #capabilities()}; tests that need a capability it
 * lacks are skipped with the reason, never weakened.
 */
public abstract class BrokerConformanceSuite {
  /** Queues the example tests use. */
  protected static final String Q = "default";
  protected static final String OTHER = "critical";
  /** A lease long enough that no example test lets it lapse by accident. */
  protected static final long LEASE = 30_000;
  /** Small archive bounds, so trimming is testable with a handful of tasks. */
  protected static final BrokerPolicy TEST_POLICY = new BrokerPolicy(3, Duration.ofDays(1), Duration.ofMinutes(10));

  protected ManualClock clock;
  protected Broker broker;
  protected BrokerAdmin admin;
  private BrokerUnderTest current;
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * A fresh, empty broker reading time from {@code clock} and applying {@code policy}. Called once
   * per test, and once per generated sequence or concurrent run.
   */
  protected abstract BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy);

  /** What the backend can do; by default it runs on the injected virtual clock. */
  protected BackendCapabilities capabilities() {
    return BackendCapabilities.onVirtualTime();
  }

  /** How hard the generated properties work; by default from system properties. */
  protected ConformanceProfile profile() {
    return ConformanceProfile.fromSystemProperties();
  }

  @BeforeEach
  void openBroker() {
    open(TEST_POLICY);
  }

  @AfterEach
  void closeBroker() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** Replaces the test's broker by a fresh one with {@code policy}. */
  protected void open(BrokerPolicy policy) {
    closeBroker();
    clock = new ManualClock();
    current = createBroker(clock, policy);
    broker = current.broker();
    admin = current.admin();
  }

  // ------------------------------------------------------------------ helpers for the example tests

  protected long now() {
    return clock.millis();
  }

  protected void advance(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  protected EnqueueResult enqueue(TaskRequests task) {
    return broker.enqueue(task.build());
  }

  /** Enqueues immediately due tasks with these ids to {@code queue}, in order. */
  protected void enqueueAll(String queue, String... ids) {
    for (String id : ids) {
      assertThat(enqueue(TaskRequests.task(id).queue(queue))).wasCreated(TaskState.PENDING);
    }
  }

  protected ClaimResult claim(int maxTasks, long leaseMillis, String... queues) {
    return broker.claim(new ClaimRequest("req-" + requests.incrementAndGet(), List.of(queues), maxTasks, leaseMillis));
  }

  protected ClaimResult claim(String... queues) {
    return claim(10, LEASE, queues);
  }

  protected Lease claimOne(String queue) {
    return assertThat(claim(1, LEASE, queue)).singleLease();
  }

  protected TaskInfo task(String queue, String id) {
    return admin.get(queue, id).orElseThrow(() -> new AssertionError("no task " + queue + "/" + id));
  }

  /** Skips the test (visibly) unless the backend runs on the injected virtual clock. */
  protected void assumeVirtualTime() {
    Assumptions.assumeTrue(capabilities().virtualTime(),
        "the backend does not read the injected clock (declared in capabilities()): exact time tests do not apply");
  }

  private static void assertPasses(PropertyResult result) {
    System.out.println("[taskbed-conformance] " + result.summary());
    if (!result.passed()) {
      System.err.println(result.failure().orElseThrow().report());
      fail(result.failure().orElseThrow().report());
    }
  }

  // ================================================================== 1. no loss

  @Nested
  class NoLoss {
    @Test
    void enqueuedTask_isClaimable_andStaysVisibleUntilItIsAcked() {
      assertThat(enqueue(TaskRequests.task("a").payload("hello").header("h", "v"))).wasCreated(TaskState.PENDING);
      Lease lease = claimOne(Q);
      assertThat(lease.task()).isInState(TaskState.ACTIVE).hasClaimSequence(1).hasAttempts(0);
      assertThat(lease.task().payload()).containsExactly("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(lease.task().headers()).containsEntry("h", "v");
      assertThatQueue(admin, Q).hasCounts(0, 1, 0, 0, 0, 0).hasTaskIn("a", TaskState.ACTIVE);
      assertThat(broker.complete(lease.token())).isEqualTo(AckStatus.OK);
      assertThatQueue(admin, Q).hasCounts(0, 0, 0, 0, 0, 0).hasNoTask("a");
    }

    @Test
    void workerThatDies_losesNothing_theExpiredLeaseIsRecoveredAndTheTaskClaimedAgain() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(3));
      Lease first = assertThat(claim(1, 1_000, Q)).singleLease();
      advance(1_000);
      assertThat(broker.recoverExpiredLeases(Q, 10, 500)).isEqualTo(new MaintenanceResult(1, false));
      assertThat(task(Q, "a")).isInState(TaskState.RETRY).hasAttempts(1).isDueAt(now() + 500).hasLastError("lease expired");
      advance(500);
      Lease second = claimOne(Q);
      assertThat(second.token().claimSequence()).isEqualTo(first.token().claimSequence() + 1);
    }

    @Test
    void batchEnqueue_answersEveryRequestInInputOrder() {
      enqueue(TaskRequests.task("b").payload("x"));
      List<EnqueueResult> results = broker.enqueueBatch(List.of(
          TaskRequests.task("a").build(), TaskRequests.task("b").payload("x").build(),
          TaskRequests.task("b").payload("other").build(), TaskRequests.task("c").queue(OTHER).delay(5).build()));
      assertThat(results).extracting(EnqueueResult::taskId).containsExactly("a", "b", "b", "c");
      assertThat(results).extracting(EnqueueResult::outcome)
          .containsExactly(EnqueueOutcome.CREATED, EnqueueOutcome.EXISTING, EnqueueOutcome.ID_CONFLICT, EnqueueOutcome.CREATED);
      assertThat(results.get(3)).wasCreated(TaskState.SCHEDULED);
    }

    @Test
    void everyAcknowledgedTask_isListedAndCountedInExactlyOneState() {
      enqueueAll(Q, "active", "archived", "retry", "requeued");
      enqueue(TaskRequests.task("completed").retention(60_000));
      enqueue(TaskRequests.task("scheduled").delay(60_000));
      List<Lease> leases = claim(5, LEASE, Q).leases();
      assertThat(leases).extracting(l -> l.token().taskId()).containsExactly("active", "archived", "retry", "requeued", "completed");
      broker.archive(leases.get(1).token(), "dead", true);
      broker.retry(leases.get(2).token(), 60_000, "again", true);
      broker.requeue(leases.get(3).token());
      broker.complete(leases.get(4).token());
      assertThatQueue(admin, Q).hasCounts(1, 1, 1, 1, 1, 1)
          .lists(TaskState.PENDING, "requeued").lists(TaskState.ACTIVE, "active").lists(TaskState.SCHEDULED, "scheduled")
          .lists(TaskState.RETRY, "retry").lists(TaskState.ARCHIVED, "archived").lists(TaskState.COMPLETED, "completed");
    }
  }

  // ================================================================== 2. atomic claims

  @Nested
  class AtomicClaims {
    @Test
    void claimedTask_isNotHandedToAnotherClaimer() {
      enqueueAll(Q, "a");
      assertThat(claim(Q)).claimed("a");
      assertThat(claim(Q)).claimedNothing();
    }

    @Test
    void claim_makesTheTaskActive_countsTheClaim_andSetsTheLeaseExpiry() {
      assumeVirtualTime();
      enqueueAll(Q, "a");
      Lease l = claimOne(Q);
      assertThat(l.expiresAtMillis()).isEqualTo(now() + LEASE);
      assertThat(l.token()).isEqualTo(new LeaseToken(Q, "a", 1, TaskRequests.task("a").build().nonce()));
      assertThat(l.task()).isInState(TaskState.ACTIVE).hasClaimSequence(1).hasLeaseExpiringAt(now() + LEASE);
      assertThat(task(Q, "a")).isEqualTo(l.task());
    }

    @Test
    void replayingAClaimRequest_returnsTheSameLeases_andClaimsNothingNew() {
      enqueueAll(Q, "a", "b", "c");
      ClaimRequest request = new ClaimRequest("lost-reply", List.of(Q), 2, LEASE);
      ClaimResult first = broker.claim(request);
      assertThat(first).claimed("a", "b");
      assertThat(broker.claim(request)).isEqualTo(first);
      assertThatQueue(admin, Q).lists(TaskState.PENDING, "c");
    }

    @Test
    void replayingAClaimRequest_returnsOnlyTheLeasesStillLive_withTheirCurrentExpiry() {
      assumeVirtualTime();
      enqueueAll(Q, "a", "b");
      ClaimRequest request = new ClaimRequest("r", List.of(Q), 2, LEASE);
      List<Lease> leases = broker.claim(request).leases();
      broker.complete(leases.get(0).token());
      advance(10);
      broker.extendLease(leases.get(1).token(), LEASE);
      Lease replayed = assertThat(broker.claim(request)).claimed("b").singleLease();
      assertThat(replayed.expiresAtMillis()).isEqualTo(now() + LEASE);
    }

    @Test
    void concurrentClaimers_neverReceiveTheSameTask() throws Exception {
      int tasks = 200;
      int threads = 4;
      for (int i = 0; i < tasks; i++) {
        enqueue(TaskRequests.task("t" + i));
      }
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<LeaseToken>>> claimed = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          int worker = w;
          claimed.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            List<LeaseToken> mine = new ArrayList<>();
            for (int n = 0; ; n++) {
              List<Lease> got = broker.claim(new ClaimRequest("w" + worker + "-" + n, List.of(Q), 1 + n % 3, LEASE)).leases();
              if (got.isEmpty()) {
                return mine;
              }
              got.forEach(l -> mine.add(l.token()));
            }
          }));
        }
        Set<String> ids = new HashSet<>();
        int total = 0;
        for (Future<List<LeaseToken>> f : claimed) {
          for (LeaseToken t : f.get(30, TimeUnit.SECONDS)) {
            total++;
            assertThat(ids.add(t.taskId())).as("task %s delivered twice", t.taskId()).isTrue();
          }
        }
        assertThat(total).isEqualTo(tasks);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  // ================================================================== 3. fencing

  @Nested
  class Fencing {
    @Test
    void ackWithASupersededToken_isLeaseLost_andChangesNothing() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(5));
      Lease zombie = assertThat(claim(1, 1_000, Q)).singleLease();
      advance(1_000);
      broker.recoverExpiredLeases(Q, 10, 0);
      Lease owner = claimOne(Q);
      TaskInfo before = task(Q, "a");
      assertThat(broker.complete(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.retry(zombie.token(), 0, "x", true)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.archive(zombie.token(), "x", true)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.requeue(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.revoke(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.extendLease(zombie.token(), LEASE)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(task(Q, "a")).isEqualTo(before);
      assertThat(broker.complete(owner.token())).isEqualTo(AckStatus.OK);
    }

    @Test
    void leaseIsLive_untilOneMillisecondBeforeItsExpiry() {
      assumeVirtualTime();
      enqueueAll(Q, "a", "b");
      List<Lease> leases = claim(2, 1_000, Q).leases();
      advance(999);
      assertThat(broker.complete(leases.get(0).token())).isEqualTo(AckStatus.OK);
      advance(1);
      assertThat(broker.complete(leases.get(1).token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(task(Q, "b")).isInState(TaskState.ACTIVE);
    }

    @Test
    void extendLease_neverRevivesAnExpiredLease() {
      assumeVirtualTime();
      enqueueAll(Q, "a");
      Lease l = assertThat(claim(1, 1_000, Q)).singleLease();
      advance(1_000);
      assertThat(broker.extendLease(l.token(), 60_000)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(task(Q, "a")).hasLeaseExpiringAt(l.expiresAtMillis());
    }

    @Test
    void extendLease_keepsTheLaterOfTheCurrentAndTheRequestedExpiry() {
      assumeVirtualTime();
      enqueueAll(Q, "a");
      Lease l = claimOne(Q);
      advance(10);
      assertThat(broker.extendLease(l.token(), 1_000)).isEqualTo(AckStatus.OK);
      assertThat(task(Q, "a")).hasLeaseExpiringAt(l.expiresAtMillis());
      assertThat(broker.extendLeases(List.of(l.token(), l.token()), 2 * LEASE)).containsExactly(AckStatus.OK, AckStatus.OK);
      assertThat(task(Q, "a")).hasLeaseExpiringAt(now() + 2 * LEASE);
    }

    @Test
    void appliedAck_endsTheLease() {
      enqueueAll(Q, "a");
      Lease l = claimOne(Q);
      assertThat(broker.requeue(l.token())).isEqualTo(AckStatus.OK);
      assertThat(broker.extendLease(l.token(), LEASE)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.complete(l.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(task(Q, "a")).isInState(TaskState.PENDING);
    }

    @Test
    void tokenOfAnotherIncarnation_isLeaseLost() {
      enqueueAll(Q, "a");
      Lease l = claimOne(Q);
      LeaseToken forged = new LeaseToken(Q, "a", l.token().claimSequence(), l.token().nonce() + 1);
      assertThat(broker.complete(forged)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.extendLease(forged, LEASE)).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.complete(new LeaseToken(Q, "nope", 1, 1))).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.complete(new LeaseToken("no-such-queue", "a", 1, l.token().nonce()))).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(task(Q, "a")).isInState(TaskState.ACTIVE);
    }
  }

  // ================================================================== 4. idempotence

  @Nested
  class Idempotence {
    @Test
    void enqueueOfAnExistingIdWithTheSameContent_returnsTheExistingTask() {
      enqueue(TaskRequests.task("a").payload("p"));
      claimOne(Q);
      assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(TaskState.ACTIVE);
      assertThatQueue(admin, Q).hasCounts(0, 1, 0, 0, 0, 0);
    }

    @Test
    void enqueueOfAnExistingIdWithOtherContent_isAnIdConflict() {
      enqueue(TaskRequests.task("a").payload("p"));
      assertThat(enqueue(TaskRequests.task("a").payload("q"))).wasIdConflict();
      assertThat(task(Q, "a").payload()).containsExactly('p');
    }

    @Test
    void repeatingAnAck_isAlreadyApplied_andTheFirstCallsArgumentsStand() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(5));
      Lease l = claimOne(Q);
      assertThat(broker.retry(l.token(), 1_000, "first", true)).isEqualTo(AckStatus.OK);
      advance(5);
      assertThat(broker.retry(l.token(), 9_000, "second", false)).isEqualTo(AckStatus.ALREADY_APPLIED);
      assertThat(task(Q, "a")).isInState(TaskState.RETRY).isDueAt(now() - 5 + 1_000).hasAttempts(1).hasLastError("first");
      assertThat(broker.archive(l.token(), "other kind", true)).isEqualTo(AckStatus.LEASE_LOST);
    }

    @Test
    void finishedTask_answersLateEnqueueRetriesAndRepeatedAcksFromItsTombstone() {
      enqueue(TaskRequests.task("a").payload("p"));
      Lease l = claimOne(Q);
      assertThat(broker.complete(l.token())).isEqualTo(AckStatus.OK);
      assertThat(admin.get(Q, "a")).isEmpty();
      assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(null);
      assertThat(enqueue(TaskRequests.task("a").payload("changed"))).wasIdConflict();
      assertThat(broker.complete(l.token())).isEqualTo(AckStatus.ALREADY_APPLIED);
      assertThat(broker.revoke(l.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(claim(Q)).claimedNothing();
    }

    @Test
    void tombstone_expiresAfterTheIdempotencyWindow_andTheIdCanBeUsedAgain() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").nonce(1));
      Lease old = claimOne(Q);
      broker.complete(old.token());
      advance(TEST_POLICY.idempotencyWindow().toMillis() - 1);
      assertThat(enqueue(TaskRequests.task("a").nonce(2))).wasExisting(null);
      advance(1);
      assertThat(broker.complete(old.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(enqueue(TaskRequests.task("a").nonce(2))).wasCreated(TaskState.PENDING);
      Lease fresh = claimOne(Q);
      assertThat(fresh.token().claimSequence()).isEqualTo(1);
      assertThat(broker.complete(old.token())).as("the old incarnation's token").isEqualTo(AckStatus.LEASE_LOST);
    }

    @Test
    void adminDelete_leavesATombstone_butGetShowsNothing() {
      enqueue(TaskRequests.task("a").payload("p"));
      admin.delete(Q, "a");
      assertThat(admin.get(Q, "a")).isEmpty();
      assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(null);
    }
  }

  // ================================================================== 5. retries

  @Nested
  class Retries {
    @Test
    void taskWhoseLeasesKeepExpiring_isAttemptedMaxRetryPlusOneTimes_thenArchived() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(2));
      for (int attempt = 1; attempt <= 3; attempt++) {
        assertThat(claim(1, 1_000, Q)).claimed("a");
        advance(1_000);
        broker.recoverExpiredLeases(Q, 10, 0);
        assertThat(task(Q, "a")).hasAttempts(attempt).isInState(attempt < 3 ? TaskState.RETRY : TaskState.ARCHIVED);
      }
      assertThat(task(Q, "a")).wasArchivedAt(now());
      assertThat(claim(Q)).claimedNothing();
    }

    @Test
    void retriedTask_isNotDueBeforeItsDelay() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(5));
      broker.retry(claimOne(Q).token(), 2_000, "boom", true);
      assertThat(task(Q, "a")).isInState(TaskState.RETRY).isDueAt(now() + 2_000).hasAttempts(1).hasLastError("boom");
      advance(1_999);
      assertThat(claim(Q)).claimedNothing().reportsNextDueIn(1);
      advance(1);
      assertThat(claim(Q)).claimed("a");
    }

    @Test
    void uncountedRetry_keepsTheAttemptCount_andLastError() {
      enqueue(TaskRequests.task("a").maxRetry(1));
      broker.retry(claimOne(Q).token(), 0, null, false);
      assertThat(task(Q, "a")).hasAttempts(0).hasLastError(null).isInState(TaskState.RETRY);
    }

    @Test
    void requeue_keepsAttempts_andPutsTheTaskAtTheHeadOfItsQueue() {
      enqueueAll(Q, "a", "b");
      Lease a = claimOne(Q);
      assertThat(broker.requeue(a.token())).isEqualTo(AckStatus.OK);
      assertThatQueue(admin, Q).lists(TaskState.PENDING, "a", "b");
      assertThat(task(Q, "a")).hasAttempts(0).hasClaimSequence(1);
      assertThat(claim(1, LEASE, Q)).claimed("a");
    }

    @Test
    void runtimeArchive_countsTheAttempt_andRunNowGivesTheTaskAFreshStart() {
      enqueue(TaskRequests.task("a").maxRetry(0));
      broker.archive(claimOne(Q).token(), "no handler", true);
      assertThat(task(Q, "a")).isInState(TaskState.ARCHIVED).hasAttempts(1).hasLastError("no handler");
      admin.runNow(Q, "a");
      assertThat(task(Q, "a")).isInState(TaskState.PENDING).hasAttempts(0);
    }
  }

  // ================================================================== 6. time

  @Nested
  class Time {
    @Test
    void delayedTask_isNotClaimableOneMillisecondBeforeItIsDue_andIsWhenDue() {
      assumeVirtualTime();
      long enqueuedAt = now();
      assertThat(enqueue(TaskRequests.task("a").delay(5_000))).wasCreated(TaskState.SCHEDULED);
      assertThat(task(Q, "a")).isDueAt(enqueuedAt + 5_000).wasEnqueuedAt(enqueuedAt);
      advance(4_999);
      assertThat(claim(Q)).claimedNothing().reportsNextDueIn(1);
      assertThat(broker.forwardDue(Q, 10)).isEqualTo(MaintenanceResult.NONE);
      advance(1);
      assertThat(claim(Q)).claimed("a");
    }

    @Test
    void processAt_isAnAbsoluteEarliestTime_combinedWithTheDelayByMax() {
      assumeVirtualTime();
      assertThat(enqueue(TaskRequests.task("past").processAt(now() - 1_000))).wasCreated(TaskState.PENDING);
      assertThat(enqueue(TaskRequests.task("now").processAt(now()))).wasCreated(TaskState.PENDING);
      enqueue(TaskRequests.task("later").processAt(now() + 3_000).delay(1_000));
      enqueue(TaskRequests.task("delayed").processAt(now() + 1_000).delay(3_000));
      assertThat(task(Q, "later")).isDueAt(now() + 3_000);
      assertThat(task(Q, "delayed")).isDueAt(now() + 3_000);
    }

    @Test
    void millisUntilNextDue_isTheWaitForTheEarliestDelayedTaskOfTheUnpausedQueuesAsked() {
      assumeVirtualTime();
      assertThat(claim(Q)).reportsNextDueIn(-1);
      enqueue(TaskRequests.task("soon").queue(OTHER).delay(300));
      enqueue(TaskRequests.task("later").delay(700));
      assertThat(claim(Q)).reportsNextDueIn(700);
      assertThat(claim(Q, OTHER, "unknown")).reportsNextDueIn(300);
      admin.pause(OTHER);
      assertThat(claim(Q, OTHER)).reportsNextDueIn(700);
      advance(800);
      assertThat(claim(1, LEASE, Q)).claimed("later").reportsNextDueIn(-1);
      admin.unpause(OTHER);
      assertThat(claim(1, LEASE, Q, OTHER)).claimed("soon");
      enqueue(TaskRequests.task("x").delay(1));
      enqueue(TaskRequests.task("y").delay(1));
      advance(1);
      assertThat(claim(1, LEASE, Q)).claimed("x").reportsNextDueIn(0);
    }

    @Test
    void forwardDue_movesDueTasksInDueOrderToThePendingTail_withinItsLimit() {
      assumeVirtualTime();
      enqueueAll(Q, "p");
      enqueue(TaskRequests.task("b").delay(200));
      enqueue(TaskRequests.task("a").delay(100));
      enqueue(TaskRequests.task("c").delay(300));
      enqueue(TaskRequests.task("d").delay(10_000));
      advance(300);
      assertThat(broker.forwardDue(Q, 2)).isEqualTo(new MaintenanceResult(2, true));
      assertThat(broker.forwardDue(Q, 2)).isEqualTo(new MaintenanceResult(1, false));
      assertThatQueue(admin, Q).lists(TaskState.PENDING, "p", "a", "b", "c").lists(TaskState.SCHEDULED, "d");
      assertThat(broker.forwardDue("unknown", 10)).isEqualTo(MaintenanceResult.NONE);
    }

    @Test
    void recoverExpiredLeases_recoversInExpiryOrderWithinItsLimit_andOnlyExpiredOnes() {
      assumeVirtualTime();
      for (String id : List.of("a", "b", "c")) {
        enqueue(TaskRequests.task(id).maxRetry(1));
      }
      claim(1, 2_000, Q);
      claim(1, 1_000, Q);
      claim(1, 5_000, Q);
      advance(2_000);
      assertThat(broker.recoverExpiredLeases(Q, 1, 0)).isEqualTo(new MaintenanceResult(1, true));
      assertThatQueue(admin, Q).lists(TaskState.RETRY, "b").lists(TaskState.ACTIVE, "a", "c");
      assertThat(broker.recoverExpiredLeases(Q, 10, 0)).isEqualTo(new MaintenanceResult(1, false));
      assertThatQueue(admin, Q).lists(TaskState.ACTIVE, "c");
    }
  }

  // ================================================================== 7. order and priority

  @Nested
  class OrderAndPriority {
    @Test
    void tasksEnqueuedWithoutDelay_areClaimedFirstInFirstOut() {
      enqueueAll(Q, "a", "b", "c");
      broker.enqueueBatch(List.of(TaskRequests.task("d").build(), TaskRequests.task("e").build()));
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        order.add(claimOne(Q).token().taskId());
      }
      assertThat(order).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void claim_fillsFromEachQueueInTheGivenOrderBeforeTheNext() {
      enqueueAll(Q, "q1", "q2");
      enqueueAll(OTHER, "o1", "o2");
      assertThat(claim(3, LEASE, OTHER, "unknown", Q)).claimed("o1", "o2", "q1");
      assertThat(claim(3, LEASE, Q, OTHER)).claimed("q2");
    }

    @Test
    void claim_takesThePendingHeadFirst_thenDueDelayedTasksInDueOrder() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("retry-later").maxRetry(3));
      broker.retry(claimOne(Q).token(), 50, "x", true);
      enqueue(TaskRequests.task("scheduled").delay(20));
      enqueue(TaskRequests.task("scheduled-too").delay(50));
      enqueueAll(Q, "pending");
      advance(100);
      assertThat(claim(10, LEASE, Q)).claimed("pending", "scheduled", "retry-later", "scheduled-too");
    }

    @Test
    void listings_followTheirTotalOrders_andPageWithHasMore() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("s2").delay(2_000));
      enqueue(TaskRequests.task("s1").delay(1_000));
      enqueue(TaskRequests.task("s3").delay(1_000));
      assertThat(admin.list(Q, TaskState.SCHEDULED, 0, 2)).isEqualTo(new Page<>(List.of(task(Q, "s1"), task(Q, "s3")), true));
      assertThat(admin.list(Q, TaskState.SCHEDULED, 2, 2)).isEqualTo(new Page<>(List.of(task(Q, "s2")), false));
      assertThat(admin.list(Q, TaskState.SCHEDULED, 3, 2)).isEqualTo(new Page<>(List.of(), false));
      assertThat(admin.list("unknown", TaskState.PENDING, 0, 5)).isEqualTo(new Page<>(List.of(), false));
    }
  }

  // ================================================================== 8a. pause

  @Nested
  class Pause {
    @Test
    void pausedQueue_isSkippedByClaims_butForwardingRecoveryAndAcksGoOn() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").maxRetry(1));
      Lease held = assertThat(claim(1, 1_000, Q)).singleLease();
      enqueueAll(Q, "b");
      enqueue(TaskRequests.task("c").delay(10));
      admin.pause(Q);
      assertThatQueue(admin, Q).isPaused();
      assertThat(claim(Q)).claimedNothing().reportsNextDueIn(-1);
      advance(1_000);
      assertThat(broker.forwardDue(Q, 10).processed()).isEqualTo(1);
      assertThat(broker.recoverExpiredLeases(Q, 10, 0).processed()).isEqualTo(1);
      assertThat(broker.complete(held.token())).isEqualTo(AckStatus.LEASE_LOST);
      assertThat(claim(Q)).claimedNothing();
      admin.unpause(Q);
      assertThatQueue(admin, Q).isNotPaused();
      assertThat(claim(Q)).claimed("b", "c", "a");
    }

    @Test
    void pausingRegistersTheQueue_andPauseAndUnpauseAreIdempotent() {
      admin.pause("fresh");
      admin.pause("fresh");
      assertThat(admin.queues()).containsExactly("fresh");
      assertThat(broker.queues()).containsExactly("fresh");
      assertThatQueue(admin, "fresh").isPaused().hasCounts(0, 0, 0, 0, 0, 0);
      admin.unpause("fresh");
      admin.unpause("fresh");
      assertThatQueue(admin, "fresh").isNotPaused();
    }

    @Test
    void claimReplay_stillAnswersOnAPausedQueue() {
      enqueueAll(Q, "a");
      ClaimRequest request = new ClaimRequest("r", List.of(Q), 1, LEASE);
      ClaimResult first = broker.claim(request);
      admin.pause(Q);
      assertThat(broker.claim(request)).isEqualTo(first);
    }
  }

  // ================================================================== 8b. uniqueness

  @Nested
  class Uniqueness {
    @Test
    void identicalTaskUnderAnotherId_isADuplicateWhileTheLockIsHeld() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").payload("same").uniqueFor(1_000));
      assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
      assertThat(enqueue(TaskRequests.task("c").payload("other").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
      assertThat(enqueue(TaskRequests.task("d").queue(OTHER).payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
      assertThat(enqueue(TaskRequests.task("a").payload("same").uniqueFor(1_000))).wasExisting(TaskState.PENDING);
      advance(999);
      assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
      advance(1);
      assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
    }

    @Test
    void lockOfADelayedTask_lastsUntilItsDueTimePlusUniqueFor() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").payload("same").delay(5_000).uniqueFor(1_000));
      advance(5_999);
      assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
      advance(1);
      assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
    }

    @Test
    void completionRevokeAndDelete_releaseTheLock_retryAndArchiveDoNot() {
      enqueue(TaskRequests.task("a").payload("1").uniqueFor(60_000).maxRetry(3));
      enqueue(TaskRequests.task("b").payload("2").uniqueFor(60_000));
      enqueue(TaskRequests.task("c").payload("3").uniqueFor(60_000));
      List<Lease> leases = claim(3, LEASE, Q).leases();
      broker.retry(leases.get(0).token(), 0, "x", true);
      broker.archive(leases.get(1).token(), "x", true);
      broker.complete(leases.get(2).token());
      assertThat(enqueue(TaskRequests.task("a2").payload("1").uniqueFor(60_000))).wasDuplicate();
      assertThat(enqueue(TaskRequests.task("b2").payload("2").uniqueFor(60_000))).wasDuplicate();
      assertThat(enqueue(TaskRequests.task("c2").payload("3").uniqueFor(60_000))).wasCreated(TaskState.PENDING);
      admin.delete(Q, "b");
      assertThat(enqueue(TaskRequests.task("b2").payload("2").uniqueFor(60_000))).wasCreated(TaskState.PENDING);
    }
  }

  // ================================================================== 8c. retention and purging

  @Nested
  class Retention {
    @Test
    void completedTaskWithRetention_isKeptUntilItsRetentionEnds_thenPurged() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("a").retention(60_000));
      broker.complete(claimOne(Q).token());
      assertThat(task(Q, "a")).isInState(TaskState.COMPLETED).wasCompletedAt(now());
      advance(59_999);
      assertThat(broker.purgeExpired(Q, 10)).isEqualTo(MaintenanceResult.NONE);
      advance(1);
      assertThat(broker.purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
      assertThat(admin.get(Q, "a")).isEmpty();
      assertThat(enqueue(TaskRequests.task("a").retention(60_000))).wasExisting(null);
    }

    @Test
    void revoke_removesTheTaskEvenWithRetention() {
      enqueue(TaskRequests.task("a").retention(60_000));
      broker.revoke(claimOne(Q).token());
      assertThat(admin.get(Q, "a")).isEmpty();
    }

    @Test
    void archive_isTrimmedOldestFirst_bySizeAndByAge_withinThePurgeLimit() {
      assumeVirtualTime();
      enqueueAll(Q, "a", "b", "c", "d", "e");
      for (String id : List.of("a", "b", "c", "d", "e")) {
        admin.archive(Q, id);
        advance(1);
      }
      assertThat(broker.purgeExpired(Q, 1)).isEqualTo(new MaintenanceResult(1, true));
      assertThat(broker.purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
      assertThatQueue(admin, Q).lists(TaskState.ARCHIVED, "c", "d", "e");
      advance(TEST_POLICY.archiveMaxAge().toMillis() - 4); // "c", archived at start + 2, is one ms short of too old
      assertThat(broker.purgeExpired(Q, 10)).isEqualTo(MaintenanceResult.NONE);
      advance(1);
      assertThat(broker.purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
      assertThatQueue(admin, Q).lists(TaskState.ARCHIVED, "d", "e");
    }

    @Test
    void purge_ofAnUnknownQueue_doesNothing() {
      assertThat(broker.purgeExpired("unknown", 10)).isEqualTo(MaintenanceResult.NONE);
      assertThat(broker.recoverExpiredLeases("unknown", 10, 0)).isEqualTo(MaintenanceResult.NONE);
      assertThat(admin.queues()).isEmpty();
    }
  }

  // ================================================================== admin and inspection

  @Nested
  class Admin {
    @Test
    void deleteRunNowAndArchive_refuseAnActiveTask() {
      enqueueAll(Q, "a");
      claimOne(Q);
      assertThatThrownBy(() -> admin.delete(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
      assertThatThrownBy(() -> admin.runNow(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
      assertThatThrownBy(() -> admin.archive(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
      assertThat(task(Q, "a")).isInState(TaskState.ACTIVE);
    }

    @Test
    void operationsOnAMissingTask_throwTaskNotFound() {
      assertThatThrownBy(() -> admin.delete(Q, "x")).isExactlyInstanceOf(TaskNotFoundException.class);
      assertThatThrownBy(() -> admin.runNow(Q, "x")).isExactlyInstanceOf(TaskNotFoundException.class);
      assertThatThrownBy(() -> admin.archive("unknown", "x")).isExactlyInstanceOf(TaskNotFoundException.class);
      assertThat(admin.get(Q, "x")).isEmpty();
    }

    @Test
    void runNow_refusesPendingAndCompletedTasks_andMovesDelayedOnesToThePendingTail() {
      enqueueAll(Q, "p");
      enqueue(TaskRequests.task("s").delay(60_000));
      enqueue(TaskRequests.task("done").retention(60_000));
      enqueueAll(OTHER, "x");
      broker.complete(assertThat(claim(1, LEASE, OTHER)).singleLease().token());
      assertThatThrownBy(() -> admin.runNow(Q, "p")).isExactlyInstanceOf(TaskStateException.class);
      admin.runNow(Q, "s");
      assertThatQueue(admin, Q).lists(TaskState.PENDING, "p", "done", "s").lists(TaskState.SCHEDULED);
      assertThat(task(Q, "s").nextProcessAt()).isNull();
    }

    @Test
    void archive_refusesArchivedAndCompletedTasks_andArchivesOthersWithoutCountingAnAttempt() {
      assumeVirtualTime();
      enqueue(TaskRequests.task("done").retention(60_000));
      broker.complete(claimOne(Q).token());
      enqueue(TaskRequests.task("s").delay(60_000));
      admin.archive(Q, "s");
      assertThat(task(Q, "s")).isInState(TaskState.ARCHIVED).hasAttempts(0).wasArchivedAt(now());
      assertThatThrownBy(() -> admin.archive(Q, "s")).isExactlyInstanceOf(TaskStateException.class);
      assertThatThrownBy(() -> admin.archive(Q, "done")).isExactlyInstanceOf(TaskStateException.class);
    }

    @Test
    void stats_ofAnUnknownQueue_areZeroAndNotPaused() {
      assertThat(admin.stats("unknown")).isEqualTo(new QueueStats("unknown", 0, 0, 0, 0, 0, 0, false));
    }

    @Test
    void queues_areEveryQueueThatReceivedATaskOrWasPaused_sortedByName() {
      enqueueAll("zeta", "a");
      enqueueAll("alpha", "b");
      admin.pause("mid");
      enqueue(TaskRequests.task("b").queue("alpha").payload("conflict"));
      assertThat(admin.queues()).containsExactly("alpha", "mid", "zeta");
      assertThat(broker.queues()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void close_isIdempotent() {
      broker.close();
      broker.close();
    }
  }

  // ================================================================== generated properties

  /**
   * Seeded, shrinking, model-based sequences: every outcome, invariant and admin view compared
   * with the reference model after every step. A failure prints its seed and minimal sequence;
   * {@code -Dtaskbed.seed=<seed>} replays it.
   */
  @Nested
  class GeneratedSequences {
    private void check(Workload workload) {
      assumeVirtualTime();
      assertPasses(ModelBasedProperty.check(BrokerConformanceSuite.this::createBroker, workload, profile()));
    }

    @Test
    void mixedOperations_matchTheReferenceModel() {
      check(Workload.MIXED);
    }

    @Test
    void leasesFencingRetriesAndTime_matchTheReferenceModel() {
      check(Workload.LEASES_AND_TIME);
    }

    @Test
    void enqueueIdempotenceUniquenessAndTombstones_matchTheReferenceModel() {
      check(Workload.IDEMPOTENCE_AND_UNIQUENESS);
    }

    @Test
    void pauseAdminInspectionAndRetention_matchTheReferenceModel() {
      check(Workload.ADMIN_AND_RETENTION);
    }
  }

  /** Real threads racing on one broker; the recorded history must be clean. */
  @Nested
  class ConcurrentClients {
    @Test
    void concurrentClaimsAcksFailuresExtensionsAndZombies_leaveACleanHistory() {
      assertPasses(ConcurrencyProperty.check(BrokerConformanceSuite.this::createBroker, capabilities(), profile()));
    }
  }
}
