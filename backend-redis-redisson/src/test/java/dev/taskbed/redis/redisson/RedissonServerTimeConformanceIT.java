package dev.taskbed.redis.redisson;

import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.ServerClockBroker;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.BrokerPolicy;

/**
 * The whole conformance suite on the production time path: scripts read Redis {@code TIME} (kept
 * monotonic per queue by the high-water mark), on a {@code redis-server} whose clock follows the
 * kit's virtual clock ({@link ServerClockBroker}), so every exact-time and fencing test runs.
 * Brokers share one Redisson client ({@link SharedClients}).
 */
class RedissonServerTimeConformanceIT extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    LocalRedis redis = SharedRedis.serverClocked();
    return BrokerUnderTest.of(ServerClockBroker.onEmptyServer(redis, clock, policy,
        s -> RedissonBroker.create(SharedClients.of(redis), s)));
  }
}
