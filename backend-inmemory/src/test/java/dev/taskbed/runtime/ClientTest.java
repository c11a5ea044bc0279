package dev.taskbed.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.DuplicateTaskException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.Task;
import dev.taskbed.TaskIdConflictException;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.spi.BrokerPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTest {
  private final FlakyBroker[] flaky = new FlakyBroker[1];
  private final Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));
  private final Task email = Task.builder("email:send").payload("{\"to\":\"a@example.com\"}").build();

  @Test
  void a_new_task_is_created_pending_or_scheduled() {
    assertThat(h.client.enqueue(email).state()).isEqualTo(TaskState.PENDING);
    EnqueueResult later = h.client.enqueue(email, TaskOptions.builder().processIn(Duration.ofMinutes(1)).build());
    assertThat(later.outcome()).isEqualTo(EnqueueOutcome.CREATED);
    assertThat(later.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(later.taskId()).hasSize(16);
  }

  @Test
  void enqueueing_the_same_id_and_content_again_returns_the_existing_task() {
    TaskOptions opts = TaskOptions.builder().taskId("order-42").build();
    EnqueueResult first = h.client.enqueue(email, opts);
    EnqueueResult again = h.client.enqueue(email, opts);
    assertThat(again.outcome()).isEqualTo(EnqueueOutcome.EXISTING);
    assertThat(again.taskId()).isEqualTo(first.taskId());
    assertThat(h.inspector.stats("default").pending()).isEqualTo(1);
  }

  @Test
  void the_same_id_with_different_content_is_a_conflict() {
    h.client.enqueue(email, TaskOptions.builder().taskId("order-42").build());
    assertThatThrownBy(() -> h.client.enqueue(email, TaskOptions.builder().taskId("order-42").maxRetry(1).build()))
        .isInstanceOf(TaskIdConflictException.class)
        .hasMessageContaining("order-42").hasMessageContaining("different content");
  }

  @Test
  void a_second_identical_task_within_the_unique_window_is_a_duplicate() {
    TaskOptions unique = TaskOptions.builder().uniqueFor(Duration.ofMinutes(5)).build();
    h.client.enqueue(email, unique);
    assertThatThrownBy(() -> h.client.enqueue(email, unique)).isInstanceOf(DuplicateTaskException.class);
    h.run(Duration.ofMinutes(5));
    assertThat(h.client.enqueue(email, unique).outcome()).isEqualTo(EnqueueOutcome.CREATED);
  }

  @Test
  void a_lost_reply_is_retried_with_the_same_id_and_finds_the_task_instead_of_creating_another() {
    flaky[0].loseNextEnqueueReplies = 1;
    EnqueueResult r = h.client.enqueue(email);
    assertThat(flaky[0].enqueueCalls).isEqualTo(2);
    assertThat(r.outcome()).isEqualTo(EnqueueOutcome.EXISTING);
    assertThat(h.inspector.stats("default").pending()).isEqualTo(1);
  }

  @Test
  void an_unreachable_broker_fails_after_bounded_attempts_without_acknowledging() {
    flaky[0].partitioned = true;
    long before = h.env.clock().millis();
    assertThatThrownBy(() -> h.client.enqueue(email))
        .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("partitioned");
    assertThat(flaky[0].enqueueCalls).isEqualTo(ClientConfig.DEFAULT_MAX_ATTEMPTS);
    assertThat(h.env.clock().millis() - before).isEqualTo(50 + 100 + 200); // the backoff slept on the virtual clock
  }

  @Test
  void when_every_reply_is_lost_the_outcome_is_reported_unknown_with_the_id_to_retry() {
    flaky[0].loseNextEnqueueReplies = 100;
    assertThatThrownBy(() -> h.client.enqueue(email, TaskOptions.builder().taskId("pay-7").build()))
        .isInstanceOf(EnqueueOutcomeUnknownException.class)
        .satisfies(e -> assertThat(((EnqueueOutcomeUnknownException) e).taskId()).isEqualTo("pay-7"));
  }

  @Test
  void a_payload_above_the_limit_is_rejected_before_anything_is_sent() {
    Client small = Client.create(h.broker, ClientConfig.builder().maxPayloadBytes(10).build(), h.env);
    assertThatThrownBy(() -> small.enqueue(Task.of("t", new byte[11])))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage("invalid payload \"11 bytes\": exceeds maxPayloadBytes 10");
    assertThat(flaky[0].enqueueCalls).isZero();
    assertThatThrownBy(() -> h.client.enqueue(Task.of("t", new byte[ClientConfig.DEFAULT_MAX_PAYLOAD_BYTES + 1])))
        .hasMessageContaining("1048577 bytes");
  }

  @Test
  void a_retry_time_longer_than_the_idempotency_window_is_rejected() {
    BrokerPolicy policy = h.broker.policy();
    assertThatThrownBy(() -> Client.create(h.broker, ClientConfig.builder().maxRetryTime(policy.idempotencyWindow()).build(), h.env))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("maxRetryTime").hasMessageContaining("idempotency window");
  }

  @Test
  void a_batch_reports_one_result_per_task_in_order() {
    h.client.enqueue(email, TaskOptions.builder().taskId("taken").build());
    List<EnqueueResult> results = h.client.enqueueAll(List.of(
        Task.of("a", new byte[0]),
        email.withOptions(TaskOptions.builder().taskId("taken").maxRetry(2).build()),
        email.withOptions(TaskOptions.builder().taskId("taken").build()),
        Task.of("b", new byte[0]).withOptions(TaskOptions.builder().queue("critical").build())));
    assertThat(results).extracting(EnqueueResult::outcome).containsExactly(
        EnqueueOutcome.CREATED, EnqueueOutcome.ID_CONFLICT, EnqueueOutcome.EXISTING, EnqueueOutcome.CREATED);
    assertThat(results.get(3).queue()).isEqualTo("critical");
  }

  @Test
  void a_batch_that_succeeds_at_once_does_not_wait_for_a_retry_backoff() {
    long before = h.env.clock().millis();
    h.client.enqueueAll(List.of(Task.of("a", new byte[0]), Task.of("b", new byte[0])));
    assertThat(h.env.clock().millis()).isEqualTo(before);
  }

  @Test
  void a_batch_item_whose_reply_was_lost_is_retried_with_its_id_and_found() {
    flaky[0].loseNextBatchReplies = 1;
    List<EnqueueResult> results = h.client.enqueueAll(List.of(Task.of("a", new byte[0]), Task.of("b", new byte[0])));
    assertThat(results).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.EXISTING, EnqueueOutcome.EXISTING);
    assertThat(h.inspector.stats("default").pending()).isEqualTo(2);
  }

  @Test
  void a_batch_with_an_invalid_item_sends_nothing_and_names_the_item() {
    Client small = Client.create(h.broker, ClientConfig.builder().maxPayloadBytes(4).build(), h.env);
    assertThatThrownBy(() -> small.enqueueAll(List.of(Task.of("a", new byte[1]), Task.of("b", new byte[5]))))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("payload of task 1");
    assertThat(h.inspector.queues()).isEmpty();
  }
}
