package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

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
}
