package dev.taskbed.internal;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.DuplicateTaskException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueInterceptor;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.Task;
import dev.taskbed.TaskIdConflictException;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskbedException;
import dev.taskbed.env.Environment;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.EnqueueRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The {@link Client}: validation, request building and bounded, idempotent retries. */
public final class DefaultClient implements Client {
  private final Broker broker;
  private final ClientConfig config;
  private final Environment env;

  private final TaskbedListener listener;

  public DefaultClient(Broker broker, ClientConfig config, Environment env) {
    Objects.requireNonNull(broker, "broker");
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.listener = config.listeners().isEmpty() ? null : TaskbedListener.composite(config.listeners());
    this.broker = listener == null ? broker : new ObservedBroker(broker, listener, env);
    Duration window = broker.policy().idempotencyWindow();
    if (config.maxRetryTime().compareTo(window) >= 0) {
      throw new InvalidOptionException("maxRetryTime", config.maxRetryTime(),
          "must be shorter than the broker's idempotency window " + window
              + ", or a late retry could create the task twice");
    }
  }

  @Override
  public EnqueueResult enqueue(Task task) {
    return enqueue(task, task.options());
  }

  @Override
  public EnqueueResult enqueue(Task task, TaskOptions options) {
    EnqueueRequest request = prepare(task, options, -1);
    if (listener == null) {
      return send(request);
    }
    EnqueueResult result;
    try {
      result = send(request);
    } catch (RuntimeException e) {
      EnqueueOutcome outcome = e instanceof TaskIdConflictException ? EnqueueOutcome.ID_CONFLICT
          : e instanceof DuplicateTaskException ? EnqueueOutcome.DUPLICATE
          : e instanceof EnqueueOutcomeUnknownException ? EnqueueOutcome.UNKNOWN
          : null;
      listener.onEnqueued(new TaskbedEvent.Enqueued(request.taskId(), request.queue(), request.type(), outcome, e));
      throw e;
    }
    listener.onEnqueued(new TaskbedEvent.Enqueued(request.taskId(), request.queue(), request.type(), result.outcome(), null));
    return result;
  }

  private EnqueueResult send(EnqueueRequest request) {
    long started = env.nanoTime();
    boolean mayHaveApplied = false;
    TaskbedException last = null;
    for (int attempt = 1; ; attempt++) {
      EnqueueResult result;
      try {
        result = broker.enqueue(request);
      } catch (EnqueueOutcomeUnknownException e) {
        mayHaveApplied = true;
        last = e;
        if (backOff(attempt, started)) {
          continue;
        }
        break;
      } catch (BrokerUnavailableException e) {
        last = e;
        if (backOff(attempt, started)) {
          continue;
        }
        break;
      } catch (RuntimeException e) {
        // Any other failure ends the retries (e.g. BrokerFullException, which says "not applied"
        // about this attempt only); after an attempt that may have been applied it is not the answer.
        if (mayHaveApplied) {
          throw new EnqueueOutcomeUnknownException(request.queue(), request.taskId(), e);
        }
        throw e;
      }
      return switch (result.outcome()) {
        case CREATED, EXISTING -> result;
        case ID_CONFLICT -> throw new TaskIdConflictException(request.queue(), request.taskId());
        case DUPLICATE -> throw new DuplicateTaskException(request.queue(), request.taskId(), request.type());
        case UNKNOWN -> throw new IllegalStateException("broker answered UNKNOWN to a single enqueue: " + request);
      };
    }
    if (mayHaveApplied) {
      throw new EnqueueOutcomeUnknownException(request.queue(), request.taskId(), last);
    }
    throw new BrokerUnavailableException("enqueue of task \"" + request.taskId() + "\" failed: " + last.getMessage(), last);
  }

  @Override
  public List<EnqueueResult> enqueueAll(List<Task> tasks) {
    List<EnqueueRequest> requests = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      Task t = Objects.requireNonNull(tasks.get(i), "task " + i);
      requests.add(prepare(t, t.options(), i));
    }
    EnqueueResult[] results = new EnqueueResult[requests.size()];
    boolean[] mayHaveApplied = new boolean[requests.size()];
    long started = env.nanoTime();
    RuntimeException lastFailure = null;
    List<Integer> open = unresolved(results);
    for (int attempt = 1; !open.isEmpty(); attempt++) {
      if (attempt > 1 && !backOff(attempt - 1, started)) {
        break;
      }
      try {
        List<EnqueueResult> answers = broker.enqueueBatch(open.stream().map(requests::get).toList());
        for (int k = 0; k < open.size(); k++) {
          EnqueueResult r = answers.get(k);
          if (r.outcome() == EnqueueOutcome.UNKNOWN) {
            mayHaveApplied[open.get(k)] = true;
          } else {
            results[open.get(k)] = r;
          }
        }
      } catch (BrokerUnavailableException e) {
        lastFailure = e; // nothing of this attempt was applied: retried
      } catch (RuntimeException e) {
        // any other failure (e.g. BrokerFullException) ends the retries; earlier answers stand
        lastFailure = e;
        break;
      }
      open = unresolved(results);
    }
    if (open.isEmpty()) {
      return reported(requests, Arrays.asList(results));
    }
    boolean anyResolvedOrMaybe = false;
    for (int i = 0; i < results.length; i++) {
      anyResolvedOrMaybe |= results[i] != null || mayHaveApplied[i];
    }
    if (!anyResolvedOrMaybe && lastFailure != null) {
      if (listener != null) {
        for (EnqueueRequest r : requests) {
          listener.onEnqueued(new TaskbedEvent.Enqueued(r.taskId(), r.queue(), r.type(), null, lastFailure));
        }
      }
      throw lastFailure; // no attempt applied anything
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        EnqueueRequest r = requests.get(i);
        results[i] = new EnqueueResult(r.taskId(), r.queue(), EnqueueOutcome.UNKNOWN, null);
      }
    }
    return reported(requests, Arrays.asList(results));
  }

  private List<EnqueueResult> reported(List<EnqueueRequest> requests, List<EnqueueResult> results) {
    if (listener != null) {
      for (int i = 0; i < results.size(); i++) {
        EnqueueRequest r = requests.get(i);
        listener.onEnqueued(new TaskbedEvent.Enqueued(r.taskId(), r.queue(), r.type(), results.get(i).outcome(), null));
      }
    }
    return results;
  }

  private static List<Integer> unresolved(EnqueueResult[] results) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        open.add(i);
      }
    }
    return open;
  }

  @Override
  public void close() {}

  private EnqueueRequest prepare(Task task, TaskOptions options, int index) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
    for (EnqueueInterceptor interceptor : config.interceptors()) {
      task = Objects.requireNonNull(interceptor.intercept(task, options), "an EnqueueInterceptor returned null");
    }
    if (task.payloadSize() > config.maxPayloadBytes()) {
      throw new InvalidOptionException(index < 0 ? "payload" : "payload of task " + index, task.payloadSize() + " bytes",
          "exceeds maxPayloadBytes " + config.maxPayloadBytes());
    }
    return EnqueueRequests.build(task, options, env.random());
  }

  /** Sleeps before the next attempt; false when attempts or retry time are used up. */
  private boolean backOff(int attemptsSoFar, long startedNanos) {
    if (attemptsSoFar >= config.maxAttempts()) {
      return false;
    }
    Duration backoff = config.initialBackoff().multipliedBy(1L << Math.min(attemptsSoFar - 1, 20));
    Duration elapsed = Duration.ofNanos(env.nanoTime() - startedNanos);
    if (elapsed.plus(backoff).compareTo(config.maxRetryTime()) > 0) {
      return false;
    }
    try {
      env.sleep(backoff);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
