package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.bytes;
import static dev.taskbed.redis.Resp.list;
import static dev.taskbed.redis.Resp.longAt;
import static dev.taskbed.redis.Resp.num;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskbedException;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enqueues: one request as one {@code enqueue.lua} call, a batch as chunks of one queue each,
 * pipelined, with the rules of {@link Broker#enqueueBatch} for what a partly failed batch returns.
 * Every queue is registered before its first task is written. Thread-safe.
 */
final class Enqueues {
  private static final byte[] EMPTY = new byte[0];
  /** Most script calls in one pipeline round of a batch enqueue. */
  private static final int PIPELINE_CALLS = 64;

  private final ScriptCalls calls;
  private final QueueRegistry registry;

  Enqueues(ScriptCalls calls, QueueRegistry registry) {
    this.calls = calls;
    this.registry = registry;
  }

  EnqueueResult enqueue(EnqueueRequest req) {
    registry.register(req.queue());
    Object reply = calls.runEnqueue(req.queue(), enqueueArgs(List.of(req)), req.taskId());
    return enqueueResult(req, list(reply), 0);
  }

  /**
   * One call per run of up to {@code enqueueChunk} requests of one queue, in input order per queue,
   * pipelined ({@value #PIPELINE_CALLS} calls per round), or one call and {@code WAIT} after the
   * other when writes wait for replicas. How each chunk ends is collected by a {@link BatchOutcome},
   * which also decides between results and a throw (the rules on {@link Broker#enqueueBatch}).
   */
  List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      byQueue.computeIfAbsent(requests.get(i).queue(), q -> new ArrayList<>()).add(i);
    }
    // Every queue is registered before anything is enqueued: a registration that fails then fails
    // the batch with nothing applied, never after another queue's chunks were.
    byQueue.keySet().forEach(registry::register);
    List<Chunk> chunks = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      List<Integer> idx = e.getValue();
      for (int from = 0; from < idx.size(); from += calls.settings().enqueueChunk()) {
        List<Integer> members = idx.subList(from, Math.min(idx.size(), from + calls.settings().enqueueChunk()));
        chunks.add(new Chunk(e.getKey(), members, enqueueArgs(members.stream().map(requests::get).toList()),
            requests.get(members.get(0)).taskId()));
      }
    }
    BatchOutcome outcome = new BatchOutcome(requests);
    if (calls.settings().replicaAcks() > 0) {
      chunks.forEach(c -> runChunk(c, outcome));
    } else {
      pipelineChunks(chunks, outcome);
    }
    return outcome.results();
  }

  /** Requests of one queue sent as one script call: their positions in the batch and the script's arguments. */
  private record Chunk(String queue, List<Integer> members, List<byte[]> args, String firstTaskId) {}

  /**
   * How a batch's chunks ended: the results of those that were answered, whether any chunk ran or
   * may have run, and why nothing did. Once anything may have been applied the batch returns one
   * result per request (UNKNOWN where it has none), because the caller must learn the answers it
   * has; only a batch that applied nothing throws, with the reason (out of memory before
   * unreachable).
   */
  private static final class BatchOutcome {
    private final List<EnqueueRequest> requests;
    private final EnqueueResult[] results;
    private boolean anyRan;
    private TaskbedException notApplied;

    BatchOutcome(List<EnqueueRequest> requests) {
      this.requests = requests;
      this.results = new EnqueueResult[requests.size()];
    }

    void answered(Chunk c, Object reply) {
      List<Object> items = list(reply);
      for (int k = 0; k < c.members().size(); k++) {
        int i = c.members().get(k);
        results[i] = enqueueResult(requests.get(i), items, k);
      }
      anyRan = true;
    }

    /** The chunk may have been applied (a lost reply, a script error after it ran): its requests stay UNKNOWN. */
    void inDoubt() {
      anyRan = true;
    }

    /** The chunk was certainly not applied, for this reason; its requests stay UNKNOWN. */
    void notApplied(TaskbedException why) {
      if (notApplied == null || why instanceof BrokerFullException) {
        notApplied = why;
      }
    }

    List<EnqueueResult> results() {
      if (!anyRan) {
        throw notApplied != null ? notApplied : new IllegalStateException("a batch chunk ended without an outcome");
      }
      List<EnqueueResult> out = new ArrayList<>(results.length);
      for (int i = 0; i < results.length; i++) {
        EnqueueRequest r = requests.get(i);
        out.add(results[i] != null ? results[i] : new EnqueueResult(r.taskId(), r.queue(), EnqueueOutcome.UNKNOWN, null));
      }
      return out;
    }
  }

  /** One chunk on its own, with the usual retries ({@code NOSCRIPT} reloads the script on the way). */
  private void runChunk(Chunk c, BatchOutcome outcome) {
    try {
      outcome.answered(c, calls.runEnqueue(c.queue(), c.args(), c.firstTaskId()));
    } catch (BrokerFullException | BrokerUnavailableException e) {
      outcome.notApplied(e);
    } catch (TaskbedException e) {
      outcome.inDoubt(); // EnqueueOutcomeUnknownException, or a script error after the script ran
    }
  }

  private void pipelineChunks(List<Chunk> chunks, BatchOutcome outcome) {
    for (int from = 0; from < chunks.size(); from += PIPELINE_CALLS) {
      List<Chunk> round = chunks.subList(from, Math.min(chunks.size(), from + PIPELINE_CALLS));
      List<Object> replies;
      try {
        replies = calls.pipelineWithRetry(round.stream()
            .map(c -> new ScriptCall(Script.ENQUEUE.sha(), Keys.of(c.queue()), calls.withCommonArgs(c.args()))).toList());
      } catch (RedisDriverException e) {
        // the round as a whole failed: it and the rounds not sent stay UNKNOWN
        if (e.maybeSent()) {
          outcome.inDoubt();
        } else {
          outcome.notApplied(calls.unavailable("enqueue batch", e));
        }
        return;
      }
      settle(round, replies, outcome);
    }
  }

  /**
   * The replies of one pipeline round. A call that Redis refused ({@code NOSCRIPT}, a transient
   * refusal such as {@code BUSY} or {@code READONLY}, {@code OOM}) did not run. It is run again
   * on its own only if no later call of its queue in this round ran: one queue's chunks are
   * admitted in input order, so a chunk is never admitted after a later one of its queue was. An
   * {@code OOM} is not run again (nothing has freed memory); it means not applied, full.
   */
  private void settle(List<Chunk> round, List<Object> replies, BatchOutcome outcome) {
    Map<String, Integer> lastRan = new HashMap<>();
    for (int i = 0; i < round.size(); i++) {
      if (!refused(replies.get(i))) {
        lastRan.put(round.get(i).queue(), i);
      }
    }
    for (int i = 0; i < round.size(); i++) {
      Chunk c = round.get(i);
      Object reply = replies.get(i);
      if (!(reply instanceof RedisDriverException)) {
        outcome.answered(c, reply);
      } else if (!refused(reply)) {
        outcome.inDoubt(); // an error reply after the script ran
      } else if (i < lastRan.getOrDefault(c.queue(), -1)) {
        continue; // a later chunk of this queue was admitted: this one stays unapplied (UNKNOWN)
      } else if (((RedisDriverException) reply).kind() == RedisDriverException.Kind.OUT_OF_MEMORY) {
        outcome.notApplied(ScriptCalls.full("enqueue batch to " + c.queue(), null, (RedisDriverException) reply));
      } else {
        runChunk(c, outcome);
      }
    }
  }

  /** Whether a pipelined call was refused by Redis before it ran. */
  private static boolean refused(Object reply) {
    if (!(reply instanceof RedisDriverException)) {
      return false;
    }
    RedisDriverException.Kind k = ((RedisDriverException) reply).kind();
    return k == RedisDriverException.Kind.NO_SCRIPT || k == RedisDriverException.Kind.RETRYABLE
        || k == RedisDriverException.Kind.OUT_OF_MEMORY;
  }

  private List<byte[]> enqueueArgs(List<EnqueueRequest> reqs) {
    List<byte[]> args = new ArrayList<>(reqs.size() * 14);
    for (EnqueueRequest r : reqs) {
      args.add(bytes(r.taskId()));
      args.add(bytes(r.type()));
      args.add(r.payload());
      args.add(RecordCodec.encodeHeaders(r.headers()));
      args.add(num(r.maxRetry()));
      args.add(num(r.delayMillis()));
      args.add(num(r.processAtMillis()));
      args.add(num(r.timeoutMillis()));
      args.add(num(r.deadlineMillis()));
      args.add(num(r.retentionMillis()));
      args.add(r.uniqueKey() == null ? EMPTY : bytes(r.uniqueKey()));
      args.add(num(r.uniqueForMillis()));
      args.add(RecordCodec.encodeHash(r.contentHash()));
      args.add(RecordCodec.encodeNonce(r.nonce()));
    }
    return args;
  }

  private static EnqueueResult enqueueResult(EnqueueRequest req, List<Object> items, int k) {
    int outcome = (int) longAt(items, 2 * k);
    long state = longAt(items, 2 * k + 1);
    EnqueueOutcome o;
    switch (outcome) {
      case 1:
        o = EnqueueOutcome.CREATED;
        break;
      case 2:
        o = EnqueueOutcome.EXISTING;
        break;
      case 3:
        o = EnqueueOutcome.ID_CONFLICT;
        break;
      case 4:
        o = EnqueueOutcome.DUPLICATE;
        break;
      default:
        throw new IllegalStateException("unknown enqueue outcome " + outcome);
    }
    return new EnqueueResult(req.taskId(), req.queue(), o, state == 0 ? null : RecordCodec.state(state));
  }
}
