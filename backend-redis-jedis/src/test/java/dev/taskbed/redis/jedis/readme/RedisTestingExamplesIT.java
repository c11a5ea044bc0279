package dev.taskbed.redis.jedis.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.Task;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.redis.testing.ToxiproxiedRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code redis-testing/README.md}, compiled and run here as a user's tests would
 * run them (on the Jedis backend); {@link RedisTestingReadmeTest} keeps the README's copies
 * identical to the parts between the markers.
 */
class RedisTestingExamplesIT {

  @Test
  void a_task_enqueued_through_a_client_is_pending_on_a_shared_redis() {
    // README:begin fixture
    RedisFixture redis = SharedRedis.local(); // or SharedRedis.container(), SharedRedis.cluster()
    redis.flushAll();
    try (RedisBroker broker = JedisBroker.create(redis.brokerConfig().build());
        Client client = Client.create(broker)) {
      client.enqueue(Task.of("email:send", "ada@example.com".getBytes(StandardCharsets.UTF_8)));
      assertThat(broker.stats("default").pending()).isEqualTo(1);
    }
    // README:end
  }

  @Test
  void a_call_through_a_cut_connection_fails_and_works_again_once_it_is_back() throws IOException {
    // README:begin toxiproxy
    ToxiproxiedRedis redis = SharedRedis.toxiproxied();
    redis.reset();
    redis.flushAll();
    RedisBrokerSettings fewRetries = RedisBrokerSettings.builder()
        .maxAttempts(2).retryBackoff(Duration.ofMillis(10)).build();
    try (RedisBroker broker = JedisBroker.create(redis.brokerConfig().settings(fewRetries).build());
        Client client = Client.create(broker)) {
      redis.proxy().disable(); // connections through the proxy are cut, new ones refused
      assertThatThrownBy(() -> broker.stats("default")).isInstanceOf(BrokerUnavailableException.class);
      redis.proxy().enable();
      client.enqueue(Task.of("t", new byte[0]));
      assertThat(broker.stats("default").pending()).isEqualTo(1);
    }
    // README:end
  }
}
