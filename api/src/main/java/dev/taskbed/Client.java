package dev.taskbed;

import dev.taskbed.env.Environment;
import dev.taskbed.internal.DefaultClient;
import dev.taskbed.spi.Broker;
import java.util.List;

/**
 * Enqueues tasks. Thread-safe; create one per application and share it.
 *
 * <p>An enqueue is <em>acknowledged</em> only when it returns normally: the task then exists in
 * the broker and will not be lost. The client fixes the task's id and a hash of its content before
 * the first attempt and retries with both (see {@link ClientConfig}), so a retry after a lost reply
 * finds the task instead of creating a second one.
 */
public interface Client extends AutoCloseable {

  /** A client with default configuration on the system environment. */
  static Client create(Broker broker) {
    return create(broker, ClientConfig.defaults());
  }

  static Client create(Broker broker, ClientConfig config) {
    return create(broker, config, Environment.system());
  }

  /** A client whose ids, nonces, clock and retry sleeps come from {@code env}. */
  static Client create(Broker broker, ClientConfig config, Environment env) {
    return new DefaultClient(broker, config, env);
  }

  /**
   * Enqueues {@code task} with its own {@link Task#options()}.
   *
   * @return outcome {@code CREATED}, or {@code EXISTING} when an identical task with the same id is
   *     already there
   * @throws InvalidOptionException if the payload exceeds {@link ClientConfig#maxPayloadBytes()}
   * @throws TaskIdConflictException if the id is taken by a task with different content
   * @throws DuplicateTaskException if the uniqueness lock is held by another task
   * @throws EnqueueOutcomeUnknownException if attempts may have been applied but none was confirmed
   * @throws BrokerUnavailableException if no attempt reached the broker
   * @throws BrokerFullException if the broker refused the task for lack of memory
   */
  EnqueueResult enqueue(Task task);

  /** Enqueues {@code task} with {@code options} instead of the task's own. */
  EnqueueResult enqueue(Task task, TaskOptions options);

  /**
   * Enqueues many tasks, each with its own options; one result per task in order. Not atomic:
   * every item has its own outcome, and a conflict, duplicate or unknown outcome is reported in
   * its result instead of thrown. All items are validated before anything is sent.
   *
   * @throws BrokerUnavailableException if the broker could not be reached at all
   */
  List<EnqueueResult> enqueueAll(List<Task> tasks);

  /** Releases the client; the broker stays open (it may be shared). */
  @Override
  void close();
}
