package dev.taskbed.redis;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.TaskbedException;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Broker} and {@link BrokerAdmin} on Redis, independent of the client library: a
 * {@link RedisDriver} supplies the transport, this class supplies everything else (scripts,
 * encoding, retries, exception translation, wake-up hints, start-up checks).
 *
 * <h2>How the scripts keep the contract</h2>
 *
 * Every state transition of a task is one Lua script run by Redis as one atomic step, touching only
 * the keys of one queue (declared in KEYS, all in one Cluster slot). A script reads the task record,
 * decides with the operation's single {@code now}, and writes the record and its container entries
 * before any other command can run, so no interleaving of clients can observe or produce a half-done
 * transition: two claimers cannot both pop one task, and a forwarder cannot move a task a worker is
 * acking.
 *
 * <p>Fencing rides on that atomicity. Each claim increments the task's claim sequence inside the
 * claim script, and each record carries the nonce fixed at enqueue; the lease token is (claim
 * sequence, nonce). Every ack script first compares the token with the record it is about to change
 * and refuses ({@code LEASE_LOST}) unless the task is ACTIVE under that very claim with an unexpired
 * lease, all judged in the same atomic step as the change. A zombie worker whose lease expired and
 * whose task was recovered and re-claimed holds an old claim sequence; a worker acking a task that
 * was deleted and re-enqueued under the same id holds an old nonce. Neither can change anything.
 * The record also remembers the (claim sequence, kind) of the last applied ack, and removal leaves
 * a tombstone with it, so a retried ack whose first reply was lost is answered
 * {@code ALREADY_APPLIED} instead of failing. That is what makes it safe for this class to retry
 * every script after a connection failure: claims are replayed by request id, enqueues by (id,
 * content hash), acks by token, admin calls by a request id drawn per call. Time is read inside
 * the script (Redis {@code TIME}, kept monotonic per queue), never from the worker, so a skewed
 * worker clock cannot expire a lease early.
 *
 * <p>With {@link RedisBrokerSettings#replicaAcks()} set, every writing script is followed on its
 * connection by a one-field write ({@code replication_mark.lua}) and {@code WAIT}, and its answer
 * counts only when enough replicas confirmed it; otherwise the call is treated like a lost reply
 * (retried, then reported as of unknown outcome). See that setting for what it guarantees.
 *
 * <p>Wake-up hints are published inside the scripts on {@code taskbed:{q}:wake} when a queue's
 * pending list goes from empty to non-empty (only then can a worker be idle on it) or a new earliest
 * due time appears; the broker holds one pattern subscription and calls the listeners. Hints
 * published while the subscription is not up are lost, so every listener registered by the time
 * it is (re)established is called once then; a listener registered later is owed no such call
 * (registering is not a hint: a worker claims once after registering, whatever it hears).
 *
 * <p>Thread-safe. Subclasses only build the driver.
 */
public abstract class AbstractRedisBroker implements Broker, BrokerAdmin {
  private static final Logger log = LoggerFactory.getLogger(AbstractRedisBroker.class);
  private static final byte[] EMPTY = new byte[0];
  /** How long a queue counts as registered by this instance before it re-sends {@code SADD}. */
  private static final long REGISTRY_CACHE_NANOS = 10_000_000_000L;
  /** Most script calls in one pipeline round of a batch enqueue. */
  private static final int PIPELINE_CALLS = 64;

  private final RedisDriver driver;
  private final RedisBrokerSettings settings;
  private final Clock clock;
  private final byte[] window;
  private final ServerReport serverReport;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Long> registered = new ConcurrentHashMap<>();
  /** Queues this instance saw hold tasks: it enqueued to them or claimed leases from them. */
  private final Set<String> seenWithTasks = ConcurrentHashMap.newKeySet();
  private final AckCoalescer acks;
  private Subscription hints;
  private volatile boolean closed;

  private record Listener(Set<String> queues, Runnable action) {}

  /**
   * @param driver the transport; this broker owns it and closes it on {@link #close()}
   * @param settings time, policy and retry settings
   * @throws TaskbedException if the server is reachable and older than Redis 7.0
   */
  protected AbstractRedisBroker(RedisDriver driver, RedisBrokerSettings settings) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = settings.clock().orElse(null);
    this.window = num(settings.policy().idempotencyWindow().toMillis());
    this.acks = new AckCoalescer(this::runAcks);
    ServerReport report = null;
    if (settings.checkServer()) {
      try {
        report = ServerReport.inspect(driver);
        log(report);
      } catch (RedisDriverException e) {
        log.warn("could not check the Redis server at start ({}); will check nothing and carry on: {}",
            driver.describe(), e.getMessage());
      } catch (TaskbedException e) {
        driver.close();
        throw e;
      }
    }
    this.serverReport = report;
  }

  private void log(ServerReport r) {
    int acks = settings.replicaAcks();
    log.info("Taskbed on Redis {} ({}): appendonly={}, appendfsync={}, maxmemory-policy={}, replicas={}; "
            + "acknowledged-loss window: {}; replica acks: {}; time: {}",
        r.version(), driver.describe(), r.appendOnly() ? "yes" : "no", r.appendFsync(), r.maxmemoryPolicy(),
        r.replicas(), r.lossWindow(),
        acks == 0 ? "none (a failover loses writes not yet replicated)"
            : "WAIT " + acks + " within " + settings.replicaAckTimeout().toMillis() + " ms (no acknowledged loss on failover)",
        clock == null ? "Redis TIME" : "client clock (test mode)");
    if (acks > r.replicas()) {
      log.warn("replicaAcks is {} but only {} replica(s) are connected: every write will end with an unknown outcome "
          + "until enough replicas are back", acks, r.replicas());
    }
    for (String w : r.warnings()) {
      if (w.startsWith("maxmemory-policy")) {
        log.error("!!!!!!!! {} !!!!!!!!", w);
      } else {
        log.warn(w);
      }
    }
  }

  /** What the start-up check found, if it ran and Redis was reachable. */
  public Optional<ServerReport> serverReport() {
    return Optional.ofNullable(serverReport);
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public EnqueueResult enqueue(EnqueueRequest req) {
    register(req.queue());
    Object reply = runEnqueue(req.queue(), enqueueArgs(List.of(req)), req.taskId());
    return enqueueResult(req, list(reply), 0);
  }

  /**
   * One call per run of up to {@code enqueueChunk} requests of one queue, in input order per queue,
   * pipelined ({@value #PIPELINE_CALLS} calls per round), or one call and {@code WAIT} after the
   * other when writes wait for replicas. How each chunk ends is collected by a {@link BatchOutcome},
   * which also decides between results and a throw (the rules on {@link Broker#enqueueBatch}).
   */
  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      byQueue.computeIfAbsent(requests.get(i).queue(), q -> new ArrayList<>()).add(i);
    }
    // Every queue is registered before anything is enqueued: a registration that fails then fails
    // the batch with nothing applied, never after another queue's chunks were.
    byQueue.keySet().forEach(this::register);
    List<Chunk> chunks = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      List<Integer> idx = e.getValue();
      for (int from = 0; from < idx.size(); from += settings.enqueueChunk()) {
        List<Integer> members = idx.subList(from, Math.min(idx.size(), from + settings.enqueueChunk()));
        chunks.add(new Chunk(e.getKey(), members, enqueueArgs(members.stream().map(requests::get).toList()),
            requests.get(members.get(0)).taskId()));
      }
    }
    BatchOutcome outcome = new BatchOutcome(requests);
    if (settings.replicaAcks() > 0) {
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
      outcome.answered(c, runEnqueue(c.queue(), c.args(), c.firstTaskId()));
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
        replies = pipelineWithRetry(round.stream()
            .map(c -> new ScriptCall(Script.ENQUEUE.sha(), Keys.of(c.queue()), withCommonArgs(c.args()))).toList());
      } catch (RedisDriverException e) {
        // the round as a whole failed: it and the rounds not sent stay UNKNOWN
        if (e.maybeSent()) {
          outcome.inDoubt();
        } else {
          outcome.notApplied(unavailable("enqueue batch", e));
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
        outcome.notApplied(full("enqueue batch to " + c.queue(), null, (RedisDriverException) reply));
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

  /**
   * Sends one pipeline round with the retry policy. Gives up only by throwing a
   * {@link RedisDriverException} whose {@link RedisDriverException#maybeSent()} tells whether any
   * attempt may have run, whatever ends the retries (attempts used up, a fatal reply, an interrupt
   * during the backoff, the broker closed).
   */
  private List<Object> pipelineWithRetry(List<ScriptCall> calls) {
    RedisDriverException last = null;
    boolean maybeSent = false;
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw RedisDriverException.connectionFailure(maybeSent, "Redis broker is closed", last);
      }
      try {
        return driver.evalShaPipelined(calls);
      } catch (RedisDriverException e) {
        last = e;
        maybeSent |= e.maybeSent();
        if (e.kind() != RedisDriverException.Kind.CONNECTION && e.kind() != RedisDriverException.Kind.RETRYABLE
            || attempt >= settings.maxAttempts()) {
          throw RedisDriverException.connectionFailure(maybeSent, e.getMessage(), e);
        }
      }
      if (!pause(attempt)) {
        throw RedisDriverException.connectionFailure(maybeSent, "interrupted while waiting to retry a pipeline", last);
      }
    }
  }

  private void register(String queue) {
    seenWithTasks.add(queue);
    long now = System.nanoTime();
    Long at = registered.get(queue);
    if (at != null && now - at < REGISTRY_CACHE_NANOS) {
      return;
    }
    // Registered before the task exists, so maintenance never misses a queue that holds tasks.
    retrying("register queue " + queue, () -> driver.sadd(bytes(Keys.REGISTRY), bytes(queue)));
    registered.put(queue, now);
  }

  private List<byte[]> enqueueArgs(List<EnqueueRequest> reqs) {
    return EnqueueArg.encode(reqs);
  }

  private static EnqueueResult enqueueResult(EnqueueRequest req, List<Object> items, int k) {
    EnqueueOutcome o = RecordCodec.enqueueOutcome(longAt(items, 2 * k));
    long state = longAt(items, 2 * k + 1);
    return new EnqueueResult(req.taskId(), req.queue(), o, state == 0 ? null : RecordCodec.state(state));
  }

  // ---------------------------------------------------------------- claim

  /**
   * One {@code claim.lua} call per visited queue. A first attempt visits the queues in order until
   * {@code maxTasks} is reached; a replay first asks every listed queue for its remembered leases
   * ({@code replayOnly}), then claims from the queues that remembered nothing, so only replays pay
   * the extra calls.
   */
  @Override
  public ClaimResult claim(ClaimRequest req) {
    List<Lease> leases = new ArrayList<>();
    long nextDue = -1;
    List<String> notVisited = new ArrayList<>();
    byte[] rid = bytes(req.requestId());
    byte[] lease = num(req.leaseMillis());
    Set<String> queues = new LinkedHashSet<>(req.queues());
    if (req.replay()) {
      for (String queue : List.copyOf(queues)) {
        List<Object> reply = list(run(Script.CLAIM, queue, List.of(rid, num(req.maxTasks()), lease, ONE)));
        if (longAt(reply, 0) == 1) {
          queues.remove(queue); // it had a record: nothing new is claimed there
          nextDue = earlier(nextDue, longAt(reply, 1));
          addLeases(queue, reply, leases);
        }
      }
    }
    for (String queue : queues) {
      if (leases.size() >= req.maxTasks()) {
        notVisited.add(queue);
        continue;
      }
      List<Object> reply = list(run(Script.CLAIM, queue, List.of(rid, num(req.maxTasks() - leases.size()), lease)));
      nextDue = earlier(nextDue, longAt(reply, 1));
      addLeases(queue, reply, leases);
    }
    for (String queue : notVisited) {
      nextDue = earlier(nextDue, (Long) run(Script.NEXT_DUE, queue, List.of()));
    }
    return new ClaimResult(leases, nextDue);
  }

  /** The leases in a {@code claim.lua} reply: (id, record, expiry) triples after two header fields. */
  private void addLeases(String queue, List<Object> reply, List<Lease> leases) {
    for (int i = 2; i + 2 < reply.size(); i += 3) {
      String id = string(reply.get(i));
      byte[] record = (byte[]) reply.get(i + 1);
      long expires = longAt(reply, i + 2);
      TaskInfo info = RecordCodec.toTaskInfo(queue, id, record, expires);
      leases.add(new Lease(info, new LeaseToken(queue, id, info.claimSequence(), RecordCodec.nonce(record)), expires));
      seenWithTasks.add(queue);
    }
  }

  private static long earlier(long a, long b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  // ---------------------------------------------------------------- acks

  @Override
  public AckStatus complete(LeaseToken token) {
    return acks.submit(Script.COMPLETE, token.queue(), tokenArgs(token));
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return acks.submit(Script.REVOKE, token.queue(), tokenArgs(token));
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    List<byte[]> args = new ArrayList<>(tokenArgs(token));
    args.add(num(delayMillis));
    args.add(errorArg(error));
    args.add(countAttempt ? ONE : ZERO);
    return acks.submit(Script.RETRY, token.queue(), args);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    List<byte[]> args = new ArrayList<>(tokenArgs(token));
    args.add(errorArg(error));
    args.add(countAttempt ? ONE : ZERO);
    return acks.submit(Script.ARCHIVE, token.queue(), args);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return acks.submit(Script.REQUEUE, token.queue(), tokenArgs(token));
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return extendLeases(List.of(token), durationMillis).get(0);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return perQueueBatches(tokens, (queue, batch) -> {
      List<byte[]> args = new ArrayList<>();
      args.add(num(durationMillis));
      batch.forEach(t -> args.addAll(tokenArgs(t)));
      List<Object> statuses = list(run(Script.EXTEND, queue, args));
      List<AckStatus> out = new ArrayList<>(batch.size());
      for (int k = 0; k < batch.size(); k++) {
        out.add(RecordCodec.ackStatus(longAt(statuses, k)));
      }
      return out;
    });
  }

  /** Completions the runtime coalesced: one script call per queue (and per {@value AckCoalescer#MAX_BATCH} tokens). */
  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return perQueueBatches(tokens, (queue, batch) -> runAcks(Script.COMPLETE, queue, batch.stream().map(AbstractRedisBroker::tokenArgs).toList()));
  }

  /**
   * Splits {@code tokens} by queue (each queue is one Cluster slot) into batches of at most
   * {@value AckCoalescer#MAX_BATCH}, sends each, and returns the statuses in input order.
   */
  private static List<AckStatus> perQueueBatches(List<LeaseToken> tokens,
      java.util.function.BiFunction<String, List<LeaseToken>, List<AckStatus>> send) {
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      byQueue.computeIfAbsent(tokens.get(i).queue(), q -> new ArrayList<>()).add(i);
    }
    AckStatus[] out = new AckStatus[tokens.size()];
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      List<Integer> positions = e.getValue();
      for (int from = 0; from < positions.size(); from += AckCoalescer.MAX_BATCH) {
        List<Integer> chunk = positions.subList(from, Math.min(positions.size(), from + AckCoalescer.MAX_BATCH));
        List<AckStatus> statuses = send.apply(e.getKey(), chunk.stream().map(tokens::get).toList());
        for (int k = 0; k < chunk.size(); k++) {
          out[chunk.get(k)] = statuses.get(k);
        }
      }
    }
    return List.of(out);
  }

  /** Runs one coalesced batch of acks of one kind and queue; one status per ack. */
  private List<AckStatus> runAcks(Script script, String queue, List<List<byte[]>> items) {
    List<byte[]> args = new ArrayList<>();
    items.forEach(args::addAll);
    List<Object> statuses = list(run(script, queue, args));
    List<AckStatus> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      out.add(RecordCodec.ackStatus(longAt(statuses, k)));
    }
    return out;
  }

  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};

  private static List<byte[]> tokenArgs(LeaseToken t) {
    return List.of(bytes(t.taskId()), num(t.claimSequence()), RecordCodec.encodeNonce(t.nonce()));
  }

  private static byte[] errorArg(String error) {
    return error == null ? EMPTY : bytes("+" + error);
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return maintenance(run(Script.FORWARD, queue, List.of(num(limit))));
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return maintenance(run(Script.RECOVER, queue, List.of(num(limit), num(recoveryDelayMillis))));
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    BrokerPolicy p = settings.policy();
    return maintenance(run(Script.PURGE, queue, List.of(num(limit), num(p.archiveMaxAge().toMillis()),
        num(p.archiveMaxSize()), num(settings.cleanupBatch()))));
  }

  private static MaintenanceResult maintenance(Object reply) {
    List<Object> r = list(reply);
    int n = (int) longAt(r, 0);
    boolean more = longAt(r, 1) == 1;
    return n == 0 && !more ? MaintenanceResult.NONE : new MaintenanceResult(n, more);
  }

  /**
   * The registry, plus every queue this instance saw hold tasks. Normally the second set is part of
   * the first; it matters when Redis lost its data (a restart without persistence, a failover to an
   * empty replica) and the registry with it: producers re-register a queue only when their cache
   * entry expires, so a queue that receives no further tasks would otherwise drop out of every
   * worker's maintenance, and an ACTIVE task on it whose lease expires would never be recovered
   * (found by the chaos suite's crash without persistence). Such queues did receive tasks, which
   * is what makes a queue registered.
   */
  @Override
  public List<String> queues() {
    List<byte[]> members = retrying("list queues", () -> driver.smembers(bytes(Keys.REGISTRY)));
    Set<String> all = new java.util.TreeSet<>(seenWithTasks);
    members.forEach(m -> all.add(string(m)));
    return List.copyOf(all);
  }

  // ---------------------------------------------------------------- hints

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    ensureOpen();
    Listener l = new Listener(Set.copyOf(queues), Objects.requireNonNull(listener, "listener"));
    listeners.add(l);
    synchronized (this) {
      if (hints == null) {
        hints = driver.psubscribe(bytes(Keys.WAKE_PATTERN), this::onHint, this::onResubscribed);
      }
    }
    return () -> listeners.remove(l);
  }

  private void onHint(byte[] channel, byte[] message) {
    String queue = Keys.queueOfChannel(string(channel));
    if (queue == null) {
      return;
    }
    for (Listener l : listeners) {
      if (l.queues().contains(queue)) {
        fire(l);
      }
    }
  }

  /** Hints published while the subscription was down are lost: tell everyone work may be there. */
  private void onResubscribed() {
    listeners.forEach(AbstractRedisBroker::fire);
  }

  private static void fire(Listener l) {
    try {
      l.action().run();
    } catch (RuntimeException e) {
      log.warn("work listener failed", e);
    }
  }

  @Override
  public BrokerPolicy policy() {
    return settings.policy();
  }

  @Override
  public void close() {
    Subscription h;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      h = hints;
      hints = null;
    }
    listeners.clear();
    try {
      if (h != null) {
        h.close();
      }
    } finally {
      driver.close();
    }
  }

  // ---------------------------------------------------------------- admin

  @Override
  public QueueStats stats(String queue) {
    List<Object> r = list(run(Script.STATS, queue, List.of()));
    return new QueueStats(queue, longAt(r, 0), longAt(r, 1), longAt(r, 2), longAt(r, 3), longAt(r, 4), longAt(r, 5),
        longAt(r, 6) == 1);
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
    }
    List<Object> r = list(run(Script.LIST, queue, List.of(num(RecordCodec.stateCode(state)), num(offset), num(limit))));
    List<TaskInfo> items = new ArrayList<>();
    for (int i = 1; i + 2 < r.size(); i += 3) {
      items.add(RecordCodec.toTaskInfo(queue, string(r.get(i)), (byte[]) r.get(i + 1), longAt(r, i + 2)));
    }
    return new Page<>(items, longAt(r, 0) == 1);
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    Object reply = run(Script.GET, queue, List.of(bytes(taskId)));
    if (reply == null) {
      return Optional.empty();
    }
    List<Object> r = list(reply);
    return Optional.of(RecordCodec.toTaskInfo(queue, taskId, (byte[]) r.get(0), longAt(r, 1)));
  }

  @Override
  public void delete(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.DELETE, queue, taskId), "delete");
  }

  @Override
  public void runNow(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.RUN_NOW, queue, taskId), "run");
  }

  @Override
  public void archive(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.ADMIN_ARCHIVE, queue, taskId), "archive");
  }

  /**
   * An admin script under a request id drawn for this call, so that every resend of it (after a
   * lost reply) is answered as its first run was ({@code admin_once} in {@code lib.lua}).
   */
  private long runAdmin(Script script, String queue, String taskId) {
    return (Long) run(script, queue, List.of(bytes(taskId), bytes(UUID.randomUUID().toString())));
  }

  private static void refuse(String queue, String taskId, long code, String operation) {
    if (code == 0) {
      return;
    }
    if (code == -1) {
      throw new TaskNotFoundException(queue, taskId);
    }
    TaskState state = RecordCodec.state(code);
    if (state == TaskState.ACTIVE) {
      throw new TaskActiveException(queue, taskId, operation);
    }
    throw new TaskStateException(queue, taskId, state, operation);
  }

  @Override
  public void pause(String queue) {
    retrying("pause " + queue, () -> {
      driver.sadd(bytes(Keys.REGISTRY), bytes(queue));
      driver.hset(Keys.key(queue, "meta"), bytes("paused"), ONE);
      return null;
    });
  }

  @Override
  public void unpause(String queue) {
    retrying("unpause " + queue, () -> {
      driver.hdel(Keys.key(queue, "meta"), bytes("paused"));
      return null;
    });
  }

  // ---------------------------------------------------------------- calls, retries, translation

  /** Runs a script with the broker's retry policy; failures become {@link TaskbedException}s. */
  private Object run(Script script, String queue, List<byte[]> scriptArgs) {
    List<byte[]> keys = Keys.of(queue);
    return retrying(script.fileName() + " on " + queue, () -> eval(script, keys, withCommonArgs(scriptArgs)));
  }

  /** An enqueue: like {@link #run} but reporting doubt as {@link EnqueueOutcomeUnknownException}. */
  private Object runEnqueue(String queue, List<byte[]> scriptArgs, String taskId) {
    List<byte[]> keys = Keys.of(queue);
    return retrying("enqueue to " + queue, () -> eval(Script.ENQUEUE, keys, withCommonArgs(scriptArgs)),
        new EnqueueTarget(queue, taskId));
  }

  /** The task an enqueue attempt is about, for its exceptions. */
  private record EnqueueTarget(String queue, String taskId) {}

  private List<byte[]> withCommonArgs(List<byte[]> scriptArgs) {
    List<byte[]> args = new ArrayList<>(scriptArgs.size() + 2);
    args.add(clock == null ? EMPTY : num(clock.millis()));
    args.add(window);
    args.addAll(scriptArgs);
    return args;
  }

  /** EVALSHA, or EVAL once when the node lost its script cache (restart, SCRIPT FLUSH, failover). */
  private Object eval(Script script, List<byte[]> keys, List<byte[]> args) {
    if (settings.replicaAcks() > 0 && script.writes()) {
      return evalReplicated(script, keys, args);
    }
    try {
      return driver.evalSha(script.sha(), keys, args);
    } catch (RedisDriverException e) {
      if (e.kind() != RedisDriverException.Kind.NO_SCRIPT) {
        throw e;
      }
      log.debug("{} not in the script cache of its node; reloading", script.fileName());
      return driver.eval(script.bodyUnsafe(), keys, args);
    }
  }

  /**
   * A writing script, then the replication mark and {@code WAIT} on the same connection; the
   * script's reply counts only if enough replicas confirmed. Why the mark: {@code WAIT} covers only
   * the writes of its own connection, and a script that changed nothing (an idempotent repeat)
   * would otherwise let {@code WAIT} vouch for a write it never covered. A reply that cannot be
   * vouched for is {@link RedisDriverException#unreplicated}: possibly applied, retried like a lost
   * reply.
   */
  private Object evalReplicated(Script script, List<byte[]> keys, List<byte[]> args) {
    int replicas = settings.replicaAcks();
    long timeout = settings.replicaAckTimeout().toMillis();
    ScriptCall call = new ScriptCall(script.sha(), keys, args);
    ScriptCall mark = new ScriptCall(Script.REPLICATION_MARK.sha(), keys, withCommonArgs(List.of()));
    WaitedReplies r = driver.evalAndWait(List.of(call, mark), replicas, timeout);
    ScriptCall markBody = mark.withBody(Script.REPLICATION_MARK.bodyUnsafe());
    if (isNoScript(r.replies().get(0))) {
      log.debug("{} not in the script cache of its node; reloading", script.fileName());
      // The script did not run: send it again with its body (and the mark's, if that was missing too).
      r = driver.evalAndWait(List.of(call.withBody(script.bodyUnsafe()), isNoScript(r.replies().get(1)) ? markBody : mark),
          replicas, timeout);
    } else if (isNoScript(r.replies().get(1))) {
      log.debug("the replication mark not in the script cache of its node; reloading it");
      // The script ran: never send it again (an admin call's second run would find its own result).
      // The mark alone moves a connection's offset past the script's write, so its WAIT covers it.
      WaitedReplies marked = driver.evalAndWait(List.of(markBody), replicas, timeout);
      r = new WaitedReplies(Arrays.asList(r.replies().get(0), marked.replies().get(0)), marked.replicasReached());
    }
    Object reply = r.replies().get(0);
    if (reply instanceof RedisDriverException) {
      throw (RedisDriverException) reply;
    }
    Object marked = r.replies().get(1);
    if (marked instanceof RedisDriverException) {
      throw RedisDriverException.unreplicated(script.fileName() + " ran, but the replication mark after it failed ("
          + ((RedisDriverException) marked).getMessage() + "), so WAIT cannot vouch for it");
    }
    if (r.replicasReached() < replicas) {
      throw RedisDriverException.unreplicated("WAIT: "
          + (r.replicasReached() == WaitedReplies.UNKNOWN ? "no answer" : r.replicasReached() + " of " + replicas
              + " replica(s) confirmed")
          + " " + script.fileName() + " within " + timeout + " ms; its outcome is unknown");
    }
    return reply;
  }

  private static boolean isNoScript(Object reply) {
    return reply instanceof RedisDriverException && ((RedisDriverException) reply).kind() == RedisDriverException.Kind.NO_SCRIPT;
  }

  private <T> T retrying(String what, Supplier<T> call) {
    return retrying(what, call, null);
  }

  /**
   * Runs a driver call with bounded retries and backoff on connection failures and transient
   * refusals ({@code READONLY}, {@code MOVED}, {@code LOADING}, {@code BUSY}, {@code UNBLOCKED} ...).
   * Every script is safe to repeat (see the class comment), so a doubtful attempt is retried too.
   * For an enqueue ({@code target} not null) every way of giving up after an attempt that may have
   * been applied is {@link EnqueueOutcomeUnknownException} (whatever ended the retries: attempts
   * used up, out of memory or a fatal reply on a later attempt, an interrupt during the backoff,
   * the broker closed); only when no attempt can have been applied is it
   * {@link BrokerFullException} (out of memory) or {@link BrokerUnavailableException}.
   */
  private <T> T retrying(String what, Supplier<T> call, EnqueueTarget target) {
    RedisDriverException last = null;
    boolean maybeApplied = false;
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw giveUp(target, maybeApplied, new BrokerUnavailableException("Redis broker is closed", last));
      }
      try {
        return call.get();
      } catch (RedisDriverException e) {
        last = e;
        switch (e.kind()) {
          case FATAL:
          case NO_SCRIPT:
            throw giveUp(target, maybeApplied, new TaskbedException("Redis rejected " + what + ": " + e.getMessage(), e));
          case OUT_OF_MEMORY:
            throw giveUp(target, maybeApplied, full(what, target == null ? null : target.taskId(), e));
          default:
            maybeApplied |= e.maybeSent();
        }
      }
      if (attempt >= settings.maxAttempts()) {
        throw giveUp(target, maybeApplied, unavailable(what, last));
      }
      log.debug("{} failed (attempt {}): {}", what, attempt, last.getMessage());
      if (!pause(attempt)) {
        throw giveUp(target, maybeApplied, new BrokerUnavailableException(
            "interrupted while waiting to retry " + what + " (Redis " + driver.describe() + ")", last));
      }
    }
  }

  /**
   * The exception a call gives up with: {@code why}, except for an enqueue that may have been
   * applied, where it is {@link EnqueueOutcomeUnknownException} caused by {@code why}.
   */
  private static TaskbedException giveUp(EnqueueTarget target, boolean maybeApplied, TaskbedException why) {
    if (target != null && maybeApplied) {
      return new EnqueueOutcomeUnknownException(target.queue(), target.taskId(), why);
    }
    return why;
  }

  private static BrokerFullException full(String what, String taskId, RedisDriverException cause) {
    return new BrokerFullException("Redis is out of memory (maxmemory reached): " + what + " refused"
        + (taskId == null ? "" : "; task \"" + taskId + "\" was not enqueued"), cause);
  }

  private BrokerUnavailableException unavailable(String what, RedisDriverException cause) {
    return new BrokerUnavailableException("Redis unavailable (" + driver.describe() + "): " + what + " failed after "
        + settings.maxAttempts() + " attempt(s): " + (cause == null ? "?" : cause.getMessage()), cause);
  }

  /**
   * Sleeps before the next attempt; false if the thread was interrupted (the interrupt is kept, and
   * the caller stops retrying: an interrupted caller, such as a cancelled handler, wants to stop).
   */
  private boolean pause(int attempt) {
    long base = settings.retryBackoff().toMillis();
    long cap = settings.maxRetryBackoff().toMillis();
    long delay = Math.min(cap, base << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BrokerUnavailableException("Redis broker is closed");
    }
  }

  // ---------------------------------------------------------------- reply helpers

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object reply) {
    if (reply instanceof List) {
      return (List<Object>) reply;
    }
    throw new IllegalStateException("expected an array reply, got " + reply);
  }

  private static long longAt(List<Object> reply, int i) {
    Object o = reply.get(i);
    if (o instanceof Long) {
      return (Long) o;
    }
    throw new IllegalStateException("expected an integer at " + i + ", got " + o);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String string(Object o) {
    return new String((byte[]) o, StandardCharsets.UTF_8);
  }
}
