package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.runUntilCancelled;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.CancelReason;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.spi.ClaimRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A claim whose reply was lost is resent as a replay, and nothing it was granted is stranded. */
class ClaimReplayTest {
  private final FlakyBroker[] flaky = new FlakyBroker[1];
  private final Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));
  /** Enqueues straight into the broker, past the faults the worker sees. */
  private final Client direct = Client.create(h.inMemory, ClientConfig.defaults(), h.env);

  private static WorkerConfig.Builder strictQ1ThenQ2() {
    return Harness.config().concurrency(10).strictPriority(true).queue("q1", 2).queue("q2", 1);
  }

  private List<EnqueueResult> enqueue(String queue, int n, TaskOptions.Builder options) {
    List<EnqueueResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(direct.enqueue(Task.of("t", new byte[0]), options.queue(queue).build()));
    }
    return out;
  }

  @Test
  void leases_granted_to_a_lost_reply_run_once_even_when_an_earlier_queue_fills_up_before_the_resend() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    List<EnqueueResult> q2 = new ArrayList<>(enqueue("q2", 1, TaskOptions.builder().maxRetry(0)));
    q2.addAll(enqueue("q2", 9, TaskOptions.builder()));
    flaky[0].loseNextClaimReplies = 1;
    h.startWorker(strictQ1ThenQ2().build());
    h.env.runDue(); // q1 is empty: the claim takes all ten from q2, and its reply is lost
    assertThat(flaky[0].claims).hasSize(1);

    List<EnqueueResult> q1 = enqueue("q1", 10, TaskOptions.builder()); // wakes the worker: the resend
    h.run(Duration.ofSeconds(10));

    for (EnqueueResult r : q2) {
      assertThat(h.invoker.attemptsOf(r.taskId())).as("task %s of q2", r.taskId()).singleElement()
          .satisfies(a -> assertThat(a.ctx.retryCount()).isZero());
      assertThat(h.task(r)).as("the maxRetry(0) task ran and completed, it was not archived").isNull();
    }
    for (EnqueueResult r : q1) {
      assertThat(h.invoker.attemptsOf(r.taskId())).singleElement();
    }
    ClaimRequest first = flaky[0].claims.get(0);
    ClaimRequest resend = flaky[0].claims.get(1);
    assertThat(first.replay()).isFalse();
    assertThat(resend.replay()).isTrue();
    assertThat(resend.requestId()).isEqualTo(first.requestId());
    assertThat(resend.maxTasks()).isEqualTo(first.maxTasks()).isEqualTo(10);
  }

  @Test
  void a_replayed_lease_is_trusted_only_until_the_first_send_of_its_claim_plus_the_lease_minus_the_margin() {
    h.invoker.on("job", runUntilCancelled());
    EnqueueResult job = direct.enqueue(Task.of("job", new byte[0]));
    flaky[0].loseNextClaimReplies = 1;
    h.startWorker(Harness.config().build()); // lease 2 s, so the worker trusts a lease for 1.8 s
    h.env.runDue();
    long firstSent = h.env.clock().millis();
    long expiresAt = h.task(job).leaseExpiresAt().toEpochMilli();
    assertThat(expiresAt).isEqualTo(firstSent + 2_000);

    flaky[0].partitioned = true; // the resends fail for a while
    h.run(Duration.ofMillis(500));
    flaky[0].partitioned = false;
    flaky[0].whileClaiming = () -> flaky[0].partitioned = true; // cut off again once the replay is applied
    direct.enqueue(Task.of("other", new byte[0])); // wakes the worker: the replay
    h.run(Duration.ofMillis(1));
    assertThat(h.invoker.attemptsOf(job.taskId())).as("the replay returned the lease").hasSize(1);

    h.run(Duration.ofSeconds(3)); // no renewal gets through
    ScriptedInvoker.Attempt attempt = h.invoker.attemptsOf(job.taskId()).get(0);
    assertThat(attempt.ctx.cancelReason()).contains(CancelReason.LEASE_LOST);
    assertThat(attempt.endedAt).isLessThanOrEqualTo(firstSent + 1_800).isLessThan(expiresAt);
  }

  @Test
  void a_replay_answered_after_that_trust_has_passed_gives_its_leases_back_untouched_and_they_run_later() {
    h.invoker.on("job", succeedAfter(Duration.ofMillis(10)));
    EnqueueResult job = direct.enqueue(Task.of("job", new byte[0]), TaskOptions.builder().maxRetry(0).build());
    flaky[0].loseNextClaimReplies = 1;
    h.startWorker(Harness.config().build());
    h.env.runDue();
    flaky[0].partitioned = true;
    h.run(Duration.ofMillis(1_850)); // past 1.8 s of trust, but the broker's lease lasts 2 s
    flaky[0].partitioned = false;
    direct.enqueue(Task.of("other", new byte[0])); // wakes the worker: the replay
    long replayedAt = h.env.clock().millis();
    h.run(Duration.ofSeconds(2));

    // Not run under the lease it could not trust, but requeued at once (no attempt counted) and
    // claimed afresh, long before that lease would have expired and been recovered.
    assertThat(h.invoker.attemptsOf(job.taskId())).singleElement().satisfies(a -> {
      assertThat(a.claimSequence).isEqualTo(2);
      assertThat(a.ctx.retryCount()).isZero();
      assertThat(a.startedAt).isEqualTo(replayedAt);
    });
    assertThat(h.task(job)).isNull();
  }
}
