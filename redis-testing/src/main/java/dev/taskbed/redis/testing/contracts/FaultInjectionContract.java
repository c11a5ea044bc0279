package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.env.Environment;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.testing.FaultyDriver;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.EnqueueRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the broker answers when a call's reply is lost after it ran, or Redis refuses one call of
 * a pipeline while the next one runs, on a real Redis with the fault injected into the backend's
 * own driver ({@link FaultyDriver}): such faults happen under races that a test could only wait
 * for. Each backend runs this through a subclass that supplies its driver.
 */
public abstract class FaultInjectionContract extends RedisBrokerContract {
  /** Three attempts 5 ms apart: every retry path is taken, quickly. */
  private static final RedisBrokerSettings FAST_RETRIES = RedisBrokerSettings.builder()
      .checkServer(false).maxAttempts(3).retryBackoff(Duration.ofMillis(5)).build();

  private final LocalRedis redis = SharedRedis.local();
  protected FaultyDriver faults;
  protected RedisBroker broker;

  /** This backend's own driver on {@code config}; the broker built on it closes it. */
  protected abstract RedisDriver driver(RedisBrokerConfig config);

  /** A broker on this backend's driver, as the backend builds it. */
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedisBroker.create(driver(config), config.settings());
  }

  /** A broker on this backend's driver wrapped in a {@link FaultyDriver} ({@link #faults}). */
  private RedisBroker brokerWithFaults(RedisBrokerSettings settings) {
    faults = new FaultyDriver(driver(redis.brokerConfig().settings(settings).build()));
    return RedisBroker.create(faults, settings);
  }

  @BeforeEach
  void openBroker() {
    redis.flushAll();
    broker = brokerWithFaults(FAST_RETRIES);
  }

  @AfterEach
  void closeBroker() {
    broker.close();
    Thread.interrupted(); // a test that interrupted itself leaves no interrupt behind
  }

  private static Runnable interruptCaller() {
    return () -> Thread.currentThread().interrupt();
  }

  private List<String> pendingIds(String queue) {
    return broker.list(queue, TaskState.PENDING, 0, 100).items().stream().map(TaskInfo::id).toList();
  }

  // ------------------------------------------------------------------ issue 11, item 3

  /** Every way a retried enqueue ends after an attempt that may have been applied is "outcome unknown". */
  @Nested
  class EnqueueDoubt {
    @Test
    void an_interrupt_during_the_backoff_after_a_lost_reply_is_outcome_unknown_not_unavailable() {
      faults.loseReply("enqueue", "q", 1, interruptCaller());
      assertThatThrownBy(() -> broker.enqueue(request("a", "q", 0)))
          .isInstanceOf(EnqueueOutcomeUnknownException.class)
          .satisfies(e -> assertThat(((EnqueueOutcomeUnknownException) e).taskId()).isEqualTo("a"));
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
      assertThat(pendingIds("q")).as("the attempt whose reply was lost did run").containsExactly("a");
    }

    @Test
    void a_fatal_reply_to_the_retry_of_a_lost_reply_is_outcome_unknown() {
      faults.loseReply("enqueue", "q", 1, null)
          .refuse("enqueue", "q", "ERR user_script:1: something unexpected", 1);
      assertThatThrownBy(() -> broker.enqueue(request("a", "q", 0)))
          .isExactlyInstanceOf(EnqueueOutcomeUnknownException.class)
          .hasRootCauseMessage("ERR user_script:1: something unexpected");
    }

    @Test
    void out_of_memory_on_the_retry_of_a_lost_reply_is_outcome_unknown_not_broker_full() {
      faults.loseReply("enqueue", "q", 1, null)
          .refuse("enqueue", "q", "OOM command not allowed when used memory > 'maxmemory'.", 1);
      assertThatThrownBy(() -> broker.enqueue(request("a", "q", 0)))
          .isExactlyInstanceOf(EnqueueOutcomeUnknownException.class);
    }

    @Test
    void the_broker_closed_while_it_retries_a_lost_reply_is_outcome_unknown() {
      faults.loseReply("enqueue", "q", 1, () -> broker.close());
      assertThatThrownBy(() -> broker.enqueue(request("a", "q", 0)))
          .isExactlyInstanceOf(EnqueueOutcomeUnknownException.class)
          .hasMessageContaining("\"a\"");
    }

    @Test
    void a_retry_that_finds_its_own_task_is_existing() {
      faults.loseReply("enqueue", "q", 1, null);
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
    }

    @Test
    void a_batch_interrupted_during_the_backoff_after_a_lost_reply_is_unknown_not_unavailable() {
      faults.loseReply("enqueue", "q", 1, interruptCaller());
      List<EnqueueResult> results = broker.enqueueBatch(List.of(request("a", "q", 0), request("b", "q", 0)));
      assertThat(results).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.UNKNOWN, EnqueueOutcome.UNKNOWN);
      assertThat(Thread.interrupted()).isTrue();
      assertThat(pendingIds("q")).containsExactly("a", "b");
    }

    @Test
    void a_batch_closed_while_it_retries_a_lost_reply_is_unknown_not_unavailable() {
      faults.loseReply("enqueue", "q", 1, () -> broker.close());
      assertThat(broker.enqueueBatch(List.of(request("a", "q", 0)))).extracting(EnqueueResult::outcome)
          .containsExactly(EnqueueOutcome.UNKNOWN);
    }

    @Test
    void a_batch_waiting_for_replicas_registers_every_queue_before_it_enqueues_anything() {
      broker.close();
      // no replica: every write ends unconfirmed, so the first queue's chunk may have been applied
      broker = brokerWithFaults(RedisBrokerSettings.builder().checkServer(false).maxAttempts(2)
          .retryBackoff(Duration.ofMillis(5)).replicaAcks(1, Duration.ofMillis(50)).build());
      faults.refuseRegistration("second", "READONLY You can't write against a read only replica.", 10);
      assertThatThrownBy(() -> broker.enqueueBatch(List.of(request("a", "first", 0), request("b", "second", 0))))
          .as("a batch throws only when nothing was applied")
          .isInstanceOf(BrokerUnavailableException.class);
      assertThat(broker.get("first", "a")).as("nothing was applied").isEmpty();
    }
  }

  // ------------------------------------------------------------------ issue 11, item 7

  /** One queue's chunks are admitted in input order whatever Redis refuses; out of memory is "full". */
  @Nested
  class BatchEnqueue {
    @BeforeEach
    void smallChunks() {
      broker.close();
      broker = brokerWithFaults(RedisBrokerSettings.builder().checkServer(false).maxAttempts(3)
          .retryBackoff(Duration.ofMillis(5)).enqueueChunk(2).build());
    }

    private List<EnqueueRequest> tasks(String queue, int n) {
      List<EnqueueRequest> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(request("t" + i, queue, 0));
      }
      return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOSCRIPT No matching script. Please use EVAL.", "BUSY Redis is busy running a script.",
        "READONLY You can't write against a read only replica."})
    void a_chunk_refused_while_a_later_chunk_of_its_queue_ran_is_not_run_again_after_it(String refusal) {
      faults.refuse("enqueue", "q", refusal, 1); // the first chunk, [t0, t1]
      List<EnqueueResult> results = broker.enqueueBatch(tasks("q", 4));
      assertThat(results).extracting(EnqueueResult::outcome).containsExactly(
          EnqueueOutcome.UNKNOWN, EnqueueOutcome.UNKNOWN, EnqueueOutcome.CREATED, EnqueueOutcome.CREATED);
      assertThat(pendingIds("q")).as("admitted in input order: t0, t1 not after t2, t3").containsExactly("t2", "t3");
    }

    @Test
    void refused_chunks_after_the_last_one_that_ran_are_run_again_in_order() {
      faults.refuseAfter("enqueue", "q", 1, "BUSY Redis is busy running a script.", 2); // [t2, t3], [t4, t5]
      List<EnqueueResult> results = broker.enqueueBatch(tasks("q", 6));
      assertThat(faults.fired()).as("both were refused once").isEqualTo(2);
      assertThat(results).extracting(EnqueueResult::outcome).containsOnly(EnqueueOutcome.CREATED);
      assertThat(pendingIds("q")).containsExactly("t0", "t1", "t2", "t3", "t4", "t5");
    }

    @Test
    void a_chunk_out_of_memory_after_another_was_applied_is_unknown_and_not_applied_the_others_are_answered() {
      faults.refuse("enqueue", "full", "OOM command not allowed when used memory > 'maxmemory'.", 10);
      List<EnqueueResult> results = broker.enqueueBatch(List.of(request("a", "q", 0), request("b", "full", 0)));
      assertThat(results).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.CREATED, EnqueueOutcome.UNKNOWN);
      assertThat(broker.get("full", "b")).isEmpty();
    }

    @Test
    void a_batch_refused_wholly_for_lack_of_memory_throws_broker_full() {
      faults.refuse("enqueue", "full", "OOM command not allowed when used memory > 'maxmemory'.", 10);
      assertThatThrownBy(() -> broker.enqueueBatch(tasks("full", 3))).isInstanceOf(BrokerFullException.class);
    }
  }

  // ------------------------------------------------------------------ issue 11, item 8

  /** An admin call resent after a lost reply is answered as its first run was. */
  @Nested
  class AdminResend {
    @Test
    void a_delete_whose_reply_was_lost_succeeds_and_a_second_delete_still_finds_no_task() {
      broker.enqueue(request("a", "q", 0));
      faults.loseReply("delete", "q", 1, null);
      broker.delete("q", "a");
      assertThat(faults.fired()).as("the reply was lost").isEqualTo(1);
      assertThat(broker.get("q", "a")).isEmpty();
      assertThatThrownBy(() -> broker.delete("q", "a")).isInstanceOf(dev.taskbed.TaskNotFoundException.class);
    }

    @Test
    void a_run_now_whose_reply_was_lost_succeeds() {
      broker.enqueue(request("a", "q", 60_000));
      faults.loseReply("run_now", "q", 1, null);
      broker.runNow("q", "a");
      assertThat(faults.fired()).as("the reply was lost").isEqualTo(1);
      assertThat(pendingIds("q")).containsExactly("a");
      assertThatThrownBy(() -> broker.runNow("q", "a")).isInstanceOf(dev.taskbed.TaskStateException.class);
    }

    @Test
    void an_archive_whose_reply_was_lost_succeeds() {
      broker.enqueue(request("a", "q", 0));
      faults.loseReply("admin_archive", "q", 1, null);
      broker.archive("q", "a");
      assertThat(faults.fired()).as("the reply was lost").isEqualTo(1);
      assertThat(broker.get("q", "a").orElseThrow().state()).isEqualTo(TaskState.ARCHIVED);
      assertThatThrownBy(() -> broker.archive("q", "a")).isInstanceOf(dev.taskbed.TaskStateException.class);
    }
  }

  // ------------------------------------------------------------------ the client's own retries (item 3)

  /**
   * The {@link Client} over this broker with one attempt per client attempt, so each fault is the
   * whole answer of one client attempt: the client's own back-off must keep the doubt too.
   */
  @Nested
  class ClientRetries {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    private final Task task = Task.builder("t").payload("p").build();
    private Client client;

    @BeforeEach
    void clientOverABrokerThatTriesOnce() {
      broker.close();
      broker = brokerWithFaults(RedisBrokerSettings.builder().checkServer(false).maxAttempts(1).build());
      client = Client.create(broker, ClientConfig.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build(),
          Environment.system());
    }

    @Test
    void a_retry_refused_for_lack_of_memory_after_a_lost_reply_is_outcome_unknown_not_broker_full() {
      faults.loseReply("enqueue", "default", 1, null).refuse("enqueue", "default", OOM, 1);
      assertThatThrownBy(() -> client.enqueue(task))
          .isExactlyInstanceOf(EnqueueOutcomeUnknownException.class)
          .hasCauseInstanceOf(BrokerFullException.class);
    }

    @Test
    void an_interrupt_during_the_clients_backoff_after_a_lost_reply_is_outcome_unknown() {
      faults.loseReply("enqueue", "default", 1, interruptCaller());
      assertThatThrownBy(() -> client.enqueue(task)).isInstanceOf(EnqueueOutcomeUnknownException.class);
      assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void enqueue_all_whose_retry_is_refused_for_lack_of_memory_keeps_the_answers_of_its_first_attempt() {
      // first attempt: "one" created, "two" failed after its script ran (UNKNOWN); the retry of "two" is refused
      faults.refuse("enqueue", "other", "ERR user_script:1: injected", 1).refuse("enqueue", "other", OOM, 1);
      List<EnqueueResult> results = client.enqueueAll(List.of(
          task.withOptions(TaskOptions.builder().taskId("one").build()),
          task.withOptions(TaskOptions.builder().taskId("two").queue("other").build())));
      assertThat(results).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.CREATED, EnqueueOutcome.UNKNOWN);
      assertThat(faults.fired()).isEqualTo(2);
    }
  }
}
