package dev.taskbed.redis.redisson;

import dev.taskbed.redis.testing.RedisFixture;
import java.util.IdentityHashMap;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * One Redisson client per fixture per test JVM, configured exactly as a broker-built client
 * ({@link RedissonConfigs#toRedisson}), for suites that create hundreds of brokers: each broker is
 * then made with {@link RedissonBroker#create(RedissonClient, dev.taskbed.redis.RedisBrokerSettings)}
 * and closing it must leave the client usable. Starting a Redisson client (event loops, first
 * connections) and shutting it down costs 30-200 ms, which the conformance suite would otherwise pay
 * for every test and every generated sequence.
 */
final class SharedClients {
  private static final Map<RedisFixture, RedissonClient> CLIENTS = new IdentityHashMap<>();

  private SharedClients() {}

  static synchronized RedissonClient of(RedisFixture fixture) {
    return CLIENTS.computeIfAbsent(fixture, f -> {
      RedissonClient c = Redisson.create(RedissonConfigs.toRedisson(f.brokerConfig().build()));
      Runtime.getRuntime().addShutdownHook(new Thread(c::shutdown));
      return c;
    });
  }
}
