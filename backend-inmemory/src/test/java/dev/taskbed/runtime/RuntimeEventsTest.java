package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.failAfter;
import static dev.taskbed.runtime.ScriptedInvoker.Step.ignoreCancellationFor;
import static dev.taskbed.runtime.ScriptedInvoker.Step.runUntilCancelled;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.CancelReason;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import dev.taskbed.internal.WorkerEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the runtime tells its listeners, and that a listener cannot change what happens to a task. */
class RuntimeEventsTest {
  private final RecordingListener recorded = new RecordingListener();

  @Nested
  class Workers {
    private final Harness h = new Harness();

    @Test
    void a_task_that_fails_once_then_succeeds_reports_each_attempt_with_its_number_and_what_came_next() {
      h.invoker.on("t", (ctx, n) -> n == 1 ? failAfter(Duration.ofMillis(10), new IOException("flaky"))
          : succeedAfter(Duration.ofMillis(20)));
      h.startWorker(Harness.config().listener(recorded).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(3));
      h.run(Duration.ofSeconds(5));

      assertThat(recorded.kindsFor(r.taskId())).containsExactly("Started", "Failed", "Started", "Succeeded");
      TaskbedEvent.Failed failed = recorded.of(TaskbedEvent.Failed.class).get(0);
      assertThat(failed.attempt()).isEqualTo(new TaskbedEvent.Attempt(r.taskId(), "default", "t", 1, 4));
      assertThat(failed.error()).isInstanceOf(IOException.class).hasMessage("flaky");
      assertThat(failed.retryIn()).isEqualTo(Duration.ofSeconds(1));
      assertThat(failed.archived()).isFalse();
      assertThat(failed.handlerDuration()).isEqualTo(Duration.ofMillis(10));
      TaskbedEvent.Succeeded ok = recorded.of(TaskbedEvent.Succeeded.class).get(0);
      assertThat(ok.attempt().attempt()).isEqualTo(2);
      assertThat(ok.handlerDuration()).isEqualTo(Duration.ofMillis(20));
      // The first attempt started as soon as it was enqueued; a retry's due time is not reported by the broker.
      assertThat(recorded.of(TaskbedEvent.Started.class)).extracting(TaskbedEvent.Started::waited)
          .containsExactly(Duration.ZERO, null);
    }

    @Test
    void a_task_out_of_retries_reports_its_last_failure_as_archived() {
      h.invoker.on("t", failAfter(Duration.ofMillis(10), new IOException("down")));
      h.startWorker(Harness.config().listener(recorded).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(0));
      h.run(Duration.ofSeconds(3));

      assertThat(recorded.kindsFor(r.taskId())).containsExactly("Started", "Failed");
      TaskbedEvent.Failed failed = recorded.of(TaskbedEvent.Failed.class).get(0);
      assertThat(failed.archived()).isTrue();
      assertThat(failed.attempt().attempt()).isEqualTo(1);
      assertThat(failed.attempt().maxAttempts()).isEqualTo(1);
      assertThat(h.task(r).state()).isEqualTo(TaskState.ARCHIVED);
    }

    @Test
    void a_handler_that_ignores_its_timeout_is_reported_cancelled_then_stuck() {
      h.invoker.on("t", ignoreCancellationFor(Duration.ofSeconds(30)));
      h.startWorker(Harness.config().listener(recorded).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().timeout(Duration.ofMillis(500)));
      h.run(Duration.ofSeconds(3));

      assertThat(recorded.kindsFor(r.taskId())).startsWith("Started", "Cancelled", "HandlerStuck");
      assertThat(recorded.of(TaskbedEvent.Cancelled.class).get(0).reason()).isEqualTo(CancelReason.TIMEOUT);
      assertThat(recorded.of(TaskbedEvent.HandlerStuck.class).get(0).stuckNow()).isEqualTo(1);
    }

    @Test
    void a_task_cancelled_by_shutdown_is_reported_requeued_at_shutdown() {
      h.invoker.on("t", runUntilCancelled());
      WorkerEngine w = h.startWorker(Harness.config().listener(recorded).build());
      EnqueueResult r = h.enqueue("t");
      h.run(Duration.ofMillis(500));
      CompletableFuture<Void> done = w.shutdownAsync().toCompletableFuture();
      h.run(Duration.ofSeconds(5));

      assertThat(done).isDone();
      assertThat(recorded.kindsFor(r.taskId())).containsExactly("Started", "Cancelled", "Requeued");
      assertThat(recorded.of(TaskbedEvent.Requeued.class).get(0).reason()).isEqualTo(TaskbedEvent.RequeueReason.SHUTDOWN);
      assertThat(h.task(r).state()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void leases_of_a_crashed_worker_are_reported_recovered_by_the_worker_that_recovers_them() {
      h.invoker.on("t", runUntilCancelled());
      WorkerEngine crashed = h.startWorker(Harness.config().build());
      h.enqueue("t");
      h.run(Duration.ofMillis(500));
      crashed.crash();
      h.startWorker(Harness.config().queue("other", 1).listener(recorded).build());
      h.run(Duration.ofSeconds(5));

      assertThat(recorded.of(TaskbedEvent.LeasesRecovered.class))
          .containsExactly(new TaskbedEvent.LeasesRecovered("default", 1));
    }

    @Test
    void a_listener_that_throws_on_every_event_changes_nothing_and_the_next_listener_still_hears_everything() {
      TaskbedListener broken = new TaskbedListener() {
        @Override
        public void accept(TaskbedEvent event) {
          throw new IllegalStateException("listener bug");
        }
      };
      h.invoker.on("t", (ctx, n) -> n == 1 ? failAfter(Duration.ofMillis(10), new IOException("flaky"))
          : succeedAfter(Duration.ofMillis(10)));
      h.startWorker(Harness.config().listener(broken).listener(recorded).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().retention(Duration.ofHours(1)));
      h.run(Duration.ofSeconds(5));

      assertThat(h.task(r).state()).isEqualTo(TaskState.COMPLETED);
      assertThat(h.task(r).attempts()).isEqualTo(1);
      assertThat(recorded.kindsFor(r.taskId())).containsExactly("Started", "Failed", "Started", "Succeeded");
    }

    @Test
    void an_error_thrown_by_a_listener_does_not_keep_the_task_from_being_acked() {
      TaskbedListener broken = new TaskbedListener() {
        @Override
        public void onStarted(TaskbedEvent.Started event) {
          throw new AssertionError("listener bug");
        }

        @Override
        public void onBrokerCall(TaskbedEvent.BrokerCall event) {
          throw new IllegalStateException("listener bug");
        }
      };
      h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
      h.startWorker(Harness.config().listener(broken).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().retention(Duration.ofHours(1)));
      h.run(Duration.ofSeconds(2));

      assertThat(h.task(r).state()).isEqualTo(TaskState.COMPLETED);
    }
  }

  @Nested
  class Broker {
    private final FlakyBroker[] flaky = new FlakyBroker[1];
    private final Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));

    @Test
    void an_outage_is_reported_once_when_it_starts_and_once_when_it_ends_with_its_length() {
      h.startWorker(Harness.config().listener(recorded).build());
      h.run(Duration.ofSeconds(2));
      flaky[0].partitioned = true;
      h.run(Duration.ofSeconds(10));
      flaky[0].partitioned = false;
      h.run(Duration.ofSeconds(10));

      assertThat(recorded.of(TaskbedEvent.BrokerUnreachable.class)).hasSize(1);
      List<TaskbedEvent.BrokerReachable> back = recorded.of(TaskbedEvent.BrokerReachable.class);
      assertThat(back).hasSize(1);
      assertThat(back.get(0).outage()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(16));
      assertThat(recorded.of(TaskbedEvent.BrokerCall.class))
          .anyMatch(c -> c.operation().equals("claim") && c.error() != null)
          .anyMatch(c -> c.operation().equals("claim") && c.error() == null);
    }
  }

  @Nested
  class AcksAppliedBefore {
    /** Applies every completion twice and answers the second time, as after a lost reply and a resend. */
    private final Harness h = new Harness(b -> new dev.taskbed.spi.ForwardingBroker(b) {
      @Override
      public List<dev.taskbed.spi.AckStatus> completeAll(List<dev.taskbed.spi.LeaseToken> tokens) {
        super.completeAll(tokens);
        return super.completeAll(tokens);
      }

      @Override
      public dev.taskbed.spi.AckStatus complete(dev.taskbed.spi.LeaseToken token) {
        super.complete(token);
        return super.complete(token);
      }
    });

    @Test
    void a_completion_answered_already_applied_is_reported_succeeded_not_lease_lost() {
      h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
      h.startWorker(Harness.config().listener(recorded).build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().retention(Duration.ofHours(1)));
      h.run(Duration.ofSeconds(2));

      assertThat(h.task(r).state()).isEqualTo(TaskState.COMPLETED);
      assertThat(recorded.kindsFor(r.taskId())).containsExactly("Started", "Succeeded");
    }
  }

  @Nested
  class Clients {
    private final Harness h = new Harness();

    @Test
    void an_interceptor_adds_a_header_to_every_enqueue_and_listeners_hear_each_outcome() {
      Client client = Client.create(h.broker, ClientConfig.builder()
          .interceptor((task, options) -> task.withHeader("tenant", "acme"))
          .interceptor((task, options) -> task.withHeader("seen", task.headers().get("tenant")))
          .listener(recorded)
          .build(), h.env);

      EnqueueResult one = client.enqueue(Task.of("t", new byte[0]), TaskOptions.builder().taskId("one").build());
      EnqueueResult again = client.enqueue(Task.of("t", new byte[0]), TaskOptions.builder().taskId("one").build());
      List<EnqueueResult> batch = client.enqueueAll(List.of(Task.of("u", new byte[0])));

      assertThat(h.task(one).headers()).containsEntry("tenant", "acme").containsEntry("seen", "acme");
      assertThat(h.task(batch.get(0)).headers()).containsEntry("tenant", "acme");
      assertThat(again.outcome()).as("the intercepted task is what the id's hash covers").isEqualTo(EnqueueOutcome.EXISTING);
      assertThat(recorded.of(TaskbedEvent.Enqueued.class)).extracting(TaskbedEvent.Enqueued::outcomeName)
          .containsExactly("created", "existing", "created");
    }

    @Test
    void an_enqueue_that_cannot_reach_the_broker_is_reported_failed() {
      FlakyBroker flaky = new FlakyBroker(h.broker);
      Client client = Client.create(flaky, ClientConfig.builder().maxAttempts(2).listener(recorded).build(), h.env);
      flaky.partitioned = true;
      try {
        client.enqueue(Task.of("t", new byte[0]));
      } catch (dev.taskbed.BrokerUnavailableException expected) {
        // reported below
      }
      assertThat(recorded.of(TaskbedEvent.Enqueued.class)).singleElement()
          .satisfies(e -> assertThat(e.outcomeName()).isEqualTo("failed"));
      assertThat(recorded.of(TaskbedEvent.BrokerUnreachable.class)).hasSize(1);
    }
  }
}
