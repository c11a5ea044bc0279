package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.conformance.concurrent.ConcurrencyProperty;
import dev.taskbed.conformance.runner.PropertyResult;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.SharedRedis;
import org.junit.jupiter.api.Test;

/**
 * The kit's concurrency property on the host's real clock and an unmodified {@code redis-server}:
 * threads race while time passes on its own, so leases lapse in the middle of calls. This is the
 * part of the kit's real-time profile that {@link JedisServerTimeConformanceIT} (every test, on a
 * server clock that follows the virtual one) does not cover; the profile's other tests would only
 * run there again, and its exact-time tests would be skipped.
 */
class JedisRealTimeConcurrencyIT {
  @Test
  void concurrent_clients_on_the_real_clock_leave_a_clean_history() {
    PropertyResult result = ConcurrencyProperty.check((clock, policy) -> {
      SharedRedis.local().flushAll();
      return BrokerUnderTest.of(TestBrokers.broker(SharedRedis.local(),
          RedisBrokerSettings.builder().policy(policy).checkServer(false).build()));
    }, BackendCapabilities.onRealTime(50), ConformanceProfile.fromSystemProperties()); // 50 ms: Redis and the JVM share the host clock
    System.out.println("[taskbed-conformance] " + result.summary());
    assertThat(result.passed()).withFailMessage(() -> result.failure().orElseThrow().report()).isTrue();
  }
}
