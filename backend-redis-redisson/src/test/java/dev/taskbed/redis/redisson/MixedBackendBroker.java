package dev.taskbed.redis.redisson;

import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link Broker} and {@link BrokerAdmin} over a {@link JedisBroker} and a {@link RedissonBroker}
 * on the same Redis, routing every call to one of them, so that a test written for one broker
 * exercises both backends against each other. A thread named like a numbered worker
 * ({@code ...-worker-N}, as the conformance kit names its racing threads) always uses one backend:
 * odd numbers Jedis, even numbers Redisson, so concurrent runs race Jedis workers against Redisson
 * workers on one queue. Every other thread alternates backends call by call, so a sequential test's
 * enqueue, claim and ack go through different clients. Wake-up listeners are registered on both.
 */
final class MixedBackendBroker implements Broker, BrokerAdmin {
  private static final Pattern WORKER = Pattern.compile(".*-worker-(\\d+)$");

  private final JedisBroker jedis;
  private final RedissonBroker redisson;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong jedisCalls = new AtomicLong();
  private final AtomicLong redissonCalls = new AtomicLong();

  MixedBackendBroker(JedisBroker jedis, RedissonBroker redisson) {
    this.jedis = jedis;
    this.redisson = redisson;
  }

  private AbstractRedisBroker next() {
    Matcher m = WORKER.matcher(Thread.currentThread().getName());
    boolean useJedis = m.matches() ? Integer.parseInt(m.group(1)) % 2 == 1 : calls.getAndIncrement() % 2 == 0;
    (useJedis ? jedisCalls : redissonCalls).incrementAndGet();
    return useJedis ? jedis : redisson;
  }

  /** Calls routed to Jedis and to Redisson so far, to show that both did work. */
  long[] callsPerBackend() {
    return new long[] {jedisCalls.get(), redissonCalls.get()};
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return next().enqueue(request);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    return next().enqueueBatch(requests);
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return next().claim(request);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return next().complete(token);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return next().revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return next().retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return next().archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return next().requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return next().extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return next().extendLeases(tokens, durationMillis);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return next().forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return next().recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return next().purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    return next().queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    Subscription a = jedis.onWorkAvailable(queues, listener);
    Subscription b = redisson.onWorkAvailable(queues, listener);
    return () -> {
      a.close();
      b.close();
    };
  }

  @Override
  public BrokerPolicy policy() {
    return redisson.policy();
  }

  @Override
  public QueueStats stats(String queue) {
    return next().stats(queue);
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    return next().list(queue, state, offset, limit);
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    return next().get(queue, taskId);
  }

  @Override
  public void delete(String queue, String taskId) {
    next().delete(queue, taskId);
  }

  @Override
  public void runNow(String queue, String taskId) {
    next().runNow(queue, taskId);
  }

  @Override
  public void archive(String queue, String taskId) {
    next().archive(queue, taskId);
  }

  @Override
  public void pause(String queue) {
    next().pause(queue);
  }

  @Override
  public void unpause(String queue) {
    next().unpause(queue);
  }

  @Override
  public void close() {
    try {
      jedis.close();
    } finally {
      redisson.close();
    }
  }
}
