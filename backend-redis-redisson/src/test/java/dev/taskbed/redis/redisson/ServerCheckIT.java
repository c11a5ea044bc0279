package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.contracts.ServerCheckContract;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.ClaimRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * {@link ServerCheckContract} on the Redisson backend, plus what only it has: a broker on an
 * application's own Redisson client.
 */
class ServerCheckIT extends ServerCheckContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }

  @Test
  void a_users_client_is_used_but_never_shut_down_by_the_broker() {
    LocalRedis redis = SharedRedis.local();
    redis.flushAll();
    Config config = new Config();
    config.useSingleServer().setAddress(redis.uri()); // Redisson's defaults: its own codec, 3 retries
    RedissonClient client = Redisson.create(config);
    try {
      try (RedisBroker broker = RedissonBroker.create(client, RedisBrokerSettings.defaults())) {
        assertThat(broker.enqueue(task("a", "x".getBytes(StandardCharsets.UTF_8))).outcome())
            .isEqualTo(EnqueueOutcome.CREATED);
        assertThat(broker.claim(new ClaimRequest("r", List.of("q"), 1, 30_000)).leases()).hasSize(1);
        assertThat(broker.serverReport()).isPresent();
      }
      assertThat(client.isShutdown()).as("the broker leaves a user's client alone").isFalse();
      assertThat(client.getKeys().countExists("taskbed:{q}:tasks")).isEqualTo(1);
    } finally {
      client.shutdown();
    }
  }
}
