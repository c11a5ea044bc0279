/**
 * Redis fixtures for tests: a local {@code redis-server} process ({@link
 * dev.taskbed.redis.testing.LocalRedis}) with a settable wall clock ({@link
 * dev.taskbed.redis.testing.ServerClock}), a local Redis Cluster ({@link
 * dev.taskbed.redis.testing.LocalRedisCluster}), Redis in a Testcontainers container ({@link
 * dev.taskbed.redis.testing.RedisContainerFixture}) and behind Toxiproxy ({@link
 * dev.taskbed.redis.testing.ToxiproxiedRedis}), one shared instance of each per JVM ({@link
 * dev.taskbed.redis.testing.SharedRedis}), a raw RESP client, and the broker decorators and fault
 * injection the contracts in {@link dev.taskbed.redis.testing.contracts} use. Missing
 * infrastructure (Docker, {@code redis-server}) fails a fixture; it never skips a test.
 */
package dev.taskbed.redis.testing;
