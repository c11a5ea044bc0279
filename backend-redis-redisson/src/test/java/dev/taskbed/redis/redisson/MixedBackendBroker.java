package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.ForwardingRedisBroker;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
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
final class MixedBackendBroker extends ForwardingRedisBroker {
  private static final Pattern WORKER = Pattern.compile(".*-worker-(\\d+)$");

  private final RedisBroker jedis;
  private final RedisBroker redisson;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong jedisCalls = new AtomicLong();
  private final AtomicLong redissonCalls = new AtomicLong();

  MixedBackendBroker(RedisBroker jedis, RedisBroker redisson) {
    super(jedis);
    this.jedis = jedis;
    this.redisson = redisson;
  }

  /** The backend of this call: every broker and admin call goes through here (see {@link ForwardingRedisBroker}). */
  @Override
  protected RedisBroker delegate() {
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
  public void close() {
    try {
      jedis.close();
    } finally {
      redisson.close();
    }
  }
}
