package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.bytes;
import static dev.taskbed.redis.Resp.longAt;
import static dev.taskbed.redis.Resp.num;
import static dev.taskbed.redis.Resp.string;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Broker} and {@link BrokerAdmin} on Redis, independent of the client library: a
 * {@link RedisDriver} supplies the transport, this class supplies everything else (scripts,
 * encoding, retries, exception translation, wake-up hints, start-up checks). The Jedis and Redisson
 * backends are factories that build a driver and call {@link #create}.
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
 * <h2>Parts</h2>
 *
 * This class holds claims, acks and maintenance, each a script call or two, and composes the
 * rest: {@code ScriptCalls} (arguments, {@code NOSCRIPT} reload, replica waits, retries and
 * exception translation: every call below goes through it), {@code Enqueues} (single and
 * pipelined batch enqueues), {@code QueueRegistry}, {@code RedisAdmin} and {@code WakeUpHints}.
 *
 * <p>Acks are batched in one place, the runtime: the worker coalesces completions into
 * {@link #completeAll} (at most 100 per call, for up to its {@code ackFlushDelay}), because only it
 * knows whether another handler is still running and so whether waiting can pay off, and because
 * it serves every backend alike. This broker sends every other ack as one script call, and splits
 * a {@link #completeAll} or {@link #extendLeases} of a caller that sends more than 256 tokens of
 * one queue, only to keep each script short on the Redis thread.
 *
 * <p>Thread-safe.
 */
public final class RedisBroker implements Broker, BrokerAdmin {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  /**
   * Most tokens of one queue in one ack script call, so that one call stays short on the Redis
   * thread; the runtime sends fewer (see the class comment).
   */
  static final int MAX_TOKENS_PER_CALL = 256;

  private final ScriptCalls calls;
  private final RedisBrokerSettings settings;
  private final QueueRegistry registry;
  private final Enqueues enqueues;
  private final RedisAdmin admin;
  private final WakeUpHints hints;
  private final ServerReport serverReport;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A broker on {@code driver}; checks the server first unless
   * {@link RedisBrokerSettings#checkServer()} is off (version ≥ 7.0; logs durability settings and
   * warns loudly when {@code maxmemory-policy} is not {@code noeviction}). An unreachable server is
   * not an error here; operations retry and then fail with {@link BrokerUnavailableException}.
   *
   * @param driver the transport; this broker owns it and closes it on {@link #close()}
   * @param settings time, policy and retry settings
   * @return the broker
   * @throws TaskbedException if the server is reachable and older than Redis 7.0 (the driver is
   *     closed then)
   */
  public static RedisBroker create(RedisDriver driver, RedisBrokerSettings settings) {
    return new RedisBroker(Objects.requireNonNull(driver, "driver"), Objects.requireNonNull(settings, "settings"));
  }

  private RedisBroker(RedisDriver driver, RedisBrokerSettings settings) {
    this.calls = new ScriptCalls(driver, settings);
    this.settings = settings;
    this.registry = new QueueRegistry(calls);
    this.enqueues = new Enqueues(calls, registry);
    this.admin = new RedisAdmin(calls, registry);
    this.hints = new WakeUpHints(calls);
    ServerReport report = null;
    if (settings.checkServer()) {
      try {
        report = ServerReport.inspect(driver);
        log(report, driver);
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

  private void log(ServerReport r, RedisDriver driver) {
    int acks = settings.replicaAcks();
    log.info("Taskbed on Redis {} ({}): appendonly={}, appendfsync={}, maxmemory-policy={}, replicas={}; "
            + "acknowledged-loss window: {}; replica acks: {}; time: {}",
        r.version(), driver.describe(), r.appendOnly() ? "yes" : "no", r.appendFsync(), r.maxmemoryPolicy(),
        r.replicas(), r.lossWindow(),
        acks == 0 ? "none (a failover loses writes not yet replicated)"
            : "WAIT " + acks + " within " + settings.replicaAckTimeout().toMillis() + " ms (no acknowledged loss on failover)",
        settings.clock().isEmpty() ? "Redis TIME" : "client clock (test mode)");
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
        List<Object> reply = Resp.list(calls.run(Script.CLAIM, queue, List.of(rid, num(req.maxTasks()), lease, ONE)));
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
      List<Object> reply = Resp.list(calls.run(Script.CLAIM, queue, List.of(rid, num(req.maxTasks() - leases.size()), lease)));
      nextDue = earlier(nextDue, longAt(reply, 1));
      addLeases(queue, reply, leases);
    }
    for (String queue : notVisited) {
      nextDue = earlier(nextDue, (Long) calls.run(Script.NEXT_DUE, queue, List.of()));
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
      registry.sawTasks(queue);
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
    return runAck(Script.COMPLETE, token.queue(), tokenArgs(token));
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return runAck(Script.REVOKE, token.queue(), tokenArgs(token));
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    List<byte[]> args = new ArrayList<>(tokenArgs(token));
    args.add(num(delayMillis));
    args.add(errorArg(error));
    args.add(countAttempt ? ONE : ZERO);
    return runAck(Script.RETRY, token.queue(), args);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    List<byte[]> args = new ArrayList<>(tokenArgs(token));
    args.add(errorArg(error));
    args.add(countAttempt ? ONE : ZERO);
    return runAck(Script.ARCHIVE, token.queue(), args);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return runAck(Script.REQUEUE, token.queue(), tokenArgs(token));
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
      List<Object> statuses = Resp.list(calls.run(Script.EXTEND, queue, args));
      List<AckStatus> out = new ArrayList<>(batch.size());
      for (int k = 0; k < batch.size(); k++) {
        out.add(RecordCodec.ackStatus(longAt(statuses, k)));
      }
      return out;
    });
  }

  /** Completions the runtime coalesced: one script call per queue (and per {@value #MAX_TOKENS_PER_CALL} tokens). */
  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return perQueueBatches(tokens, (queue, batch) -> runAcks(Script.COMPLETE, queue, batch.stream().map(RedisBroker::tokenArgs).toList()));
  }

  /**
   * Splits {@code tokens} by queue (each queue is one Cluster slot) into batches of at most
   * {@value #MAX_TOKENS_PER_CALL}, sends each, and returns the statuses in input order.
   */
  private static List<AckStatus> perQueueBatches(List<LeaseToken> tokens,
      BiFunction<String, List<LeaseToken>, List<AckStatus>> send) {
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      byQueue.computeIfAbsent(tokens.get(i).queue(), q -> new ArrayList<>()).add(i);
    }
    AckStatus[] out = new AckStatus[tokens.size()];
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      List<Integer> positions = e.getValue();
      for (int from = 0; from < positions.size(); from += MAX_TOKENS_PER_CALL) {
        List<Integer> chunk = positions.subList(from, Math.min(positions.size(), from + MAX_TOKENS_PER_CALL));
        List<AckStatus> statuses = send.apply(e.getKey(), chunk.stream().map(tokens::get).toList());
        for (int k = 0; k < chunk.size(); k++) {
          out[chunk.get(k)] = statuses.get(k);
        }
      }
    }
    return List.of(out);
  }

  /** One ack as one script call. */
  private AckStatus runAck(Script script, String queue, List<byte[]> args) {
    return runAcks(script, queue, List.of(args)).get(0);
  }

  /** Runs acks of one kind and queue as one script call; one status per ack. */
  private List<AckStatus> runAcks(Script script, String queue, List<List<byte[]>> items) {
    List<byte[]> args = new ArrayList<>();
    items.forEach(args::addAll);
    List<Object> statuses = Resp.list(calls.run(script, queue, args));
    List<AckStatus> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      out.add(RecordCodec.ackStatus(longAt(statuses, k)));
    }
    return out;
  }

  private static List<byte[]> tokenArgs(LeaseToken t) {
    return List.of(bytes(t.taskId()), num(t.claimSequence()), RecordCodec.encodeNonce(t.nonce()));
  }

  private static byte[] errorArg(String error) {
    return error == null ? EMPTY : bytes("+" + error);
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return maintenance(calls.run(Script.FORWARD, queue, List.of(num(limit))));
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return maintenance(calls.run(Script.RECOVER, queue, List.of(num(limit), num(recoveryDelayMillis))));
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    BrokerPolicy p = settings.policy();
    return maintenance(calls.run(Script.PURGE, queue, List.of(num(limit), num(p.archiveMaxAge().toMillis()),
        num(p.archiveMaxSize()), num(settings.cleanupBatch()))));
  }

  private static MaintenanceResult maintenance(Object reply) {
    List<Object> r = Resp.list(reply);
    int n = (int) longAt(r, 0);
    boolean more = longAt(r, 1) == 1;
    return n == 0 && !more ? MaintenanceResult.NONE : new MaintenanceResult(n, more);
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public EnqueueResult enqueue(EnqueueRequest req) {
    return enqueues.enqueue(req);
  }

  /**
   * One call per run of up to {@code enqueueChunk} requests of one queue, in input order per queue,
   * pipelined, or one call and {@code WAIT} after the other when writes wait for replicas.
   */
  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    return enqueues.enqueueBatch(requests);
  }

  // ---------------------------------------------------------------- hints, policy, close

  @Override
  public List<String> queues() {
    return registry.queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return hints.onWorkAvailable(queues, listener);
  }

  @Override
  public BrokerPolicy policy() {
    return settings.policy();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    calls.close();
    try {
      hints.close();
    } finally {
      calls.driver().close();
    }
  }

  // ---------------------------------------------------------------- admin

  @Override
  public QueueStats stats(String queue) {
    return admin.stats(queue);
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    return admin.list(queue, state, offset, limit);
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    return admin.get(queue, taskId);
  }

  @Override
  public void delete(String queue, String taskId) {
    admin.delete(queue, taskId);
  }

  @Override
  public void runNow(String queue, String taskId) {
    admin.runNow(queue, taskId);
  }

  @Override
  public void archive(String queue, String taskId) {
    admin.archive(queue, taskId);
  }

  @Override
  public void pause(String queue) {
    admin.pause(queue);
  }

  @Override
  public void unpause(String queue) {
    admin.unpause(queue);
  }
}
