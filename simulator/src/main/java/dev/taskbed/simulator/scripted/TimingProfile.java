package dev.taskbed.simulator.scripted;

import dev.taskbed.ClientConfig;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named timing profile for scripted scenarios, printed in their report; {@link #COMPRESSED} is the
 * compressed profile every chaos scenario runs on (ARCHITECTURE "Chaos timing"):
 * the production defaults shrunk about fifteenfold so that a lease expires, is recovered and its
 * task runs again within seconds, and a Sentinel failover completes in about three. Printed at the
 * top of the report; one place to change it.
 *
 * @param name how the report names it
 * @param lease lease taken by each claim
 * @param heartbeat lease renewal interval (under half the lease)
 * @param recoverInterval how often workers recover expired leases
 * @param recoveryDelay how long a recovered task waits before it is due again
 * @param forwardInterval how often due retry and scheduled tasks are forwarded
 * @param maxPollInterval an idle worker claims at least this often without a wake-up hint
 * @param retryDelayMin shortest backoff after a handler failure
 * @param retryDelayMax longest backoff after a handler failure
 * @param clientTimeout Redis client read timeout (Jedis socket timeout, Redisson timeout)
 * @param connectTimeout Redis client connect timeout
 * @param brokerAttempts attempts the broker makes per call before giving up
 * @param brokerBackoff first backoff between those attempts (doubling)
 * @param brokerMaxBackoff longest backoff between those attempts
 * @param clientAttempts enqueue attempts of a {@link dev.taskbed.Client}
 * @param clientBackoff first backoff between enqueue attempts (doubling)
 * @param sentinelDownAfter Sentinel {@code down-after-milliseconds}
 * @param sentinelFailoverTimeout Sentinel {@code failover-timeout}
 * @param replicaAckTimeout {@code WAIT} timeout of the replica-acks durability mode
 * @param drainTimeout how long a healed run may take to finish every acknowledged task
 */
public record TimingProfile(
    String name,
    Duration lease,
    Duration heartbeat,
    Duration recoverInterval,
    Duration recoveryDelay,
    Duration forwardInterval,
    Duration maxPollInterval,
    Duration retryDelayMin,
    Duration retryDelayMax,
    Duration clientTimeout,
    Duration connectTimeout,
    int brokerAttempts,
    Duration brokerBackoff,
    Duration brokerMaxBackoff,
    int clientAttempts,
    Duration clientBackoff,
    Duration sentinelDownAfter,
    Duration sentinelFailoverTimeout,
    Duration replicaAckTimeout,
    Duration drainTimeout) {

  /** The profile of ARCHITECTURE "Chaos timing": lease 2 s, heartbeat 0.5 s, recovery every 0.5 s. */
  public static final TimingProfile COMPRESSED = new TimingProfile(
      "compressed-2s",
      Duration.ofSeconds(2),
      Duration.ofMillis(500),
      Duration.ofMillis(500),
      Duration.ofMillis(100),
      Duration.ofMillis(250),
      Duration.ofMillis(250),
      Duration.ofMillis(100),
      Duration.ofSeconds(1),
      Duration.ofSeconds(1),
      Duration.ofSeconds(1),
      3,
      Duration.ofMillis(50),
      Duration.ofMillis(400),
      4,
      Duration.ofMillis(100),
      Duration.ofSeconds(1),
      Duration.ofSeconds(3),
      Duration.ofMillis(300),
      Duration.ofSeconds(40));

  /** A worker on this profile serving {@code queue}. */
  public WorkerConfig.Builder worker(String queue, int concurrency) {
    long min = retryDelayMin.toMillis();
    long span = retryDelayMax.toMillis() - min;
    return WorkerConfig.builder()
        .queue(queue, 1)
        .concurrency(concurrency)
        .leaseDuration(lease)
        .heartbeatInterval(heartbeat)
        .recoverInterval(recoverInterval)
        .recoveryDelay(recoveryDelay)
        .forwardInterval(forwardInterval)
        .janitorInterval(Duration.ofSeconds(1))
        .maxPollInterval(maxPollInterval)
        .cancelGrace(Duration.ofMillis(500))
        .shutdownTimeout(Duration.ofSeconds(1))
        .retryDelay((n, error, task, random) -> Duration.ofMillis(min + random.nextLong(span + 1)));
  }

  /** Broker settings on this profile: Redis time, short bounded retries. */
  public RedisBrokerSettings.Builder brokerSettings() {
    return RedisBrokerSettings.builder()
        .maxAttempts(brokerAttempts)
        .retryBackoff(brokerBackoff)
        .maxRetryBackoff(brokerMaxBackoff);
  }

  /** A Redis broker configuration on this profile: its client timeouts, a pool of 8 connections, {@code settings}. */
  public RedisBrokerConfig redisConfig(RedisBrokerConfig.Builder config, RedisBrokerSettings settings) {
    return config.connectTimeout(connectTimeout).socketTimeout(clientTimeout).poolSize(8).settings(settings).build();
  }

  /** An enqueueing client on this profile making {@code attempts} attempts per enqueue. */
  public ClientConfig clientConfig(int attempts) {
    return ClientConfig.builder().maxAttempts(attempts).initialBackoff(clientBackoff)
        .maxRetryTime(Duration.ofSeconds(20)).build();
  }

  /** Name → value, in declaration order, for the report. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lease", ms(lease));
    m.put("heartbeat", ms(heartbeat));
    m.put("recover interval", ms(recoverInterval));
    m.put("recovery delay", ms(recoveryDelay));
    m.put("forward interval", ms(forwardInterval));
    m.put("idle poll", ms(maxPollInterval));
    m.put("retry delay", ms(retryDelayMin) + "–" + ms(retryDelayMax));
    m.put("client read timeout", ms(clientTimeout));
    m.put("client connect timeout", ms(connectTimeout));
    m.put("broker attempts", brokerAttempts + " (backoff " + ms(brokerBackoff) + "–" + ms(brokerMaxBackoff) + ")");
    m.put("enqueue attempts", clientAttempts + " (backoff from " + ms(clientBackoff) + ")");
    m.put("Sentinel down-after", ms(sentinelDownAfter));
    m.put("Sentinel failover-timeout", ms(sentinelFailoverTimeout));
    m.put("WAIT timeout (replica acks)", ms(replicaAckTimeout));
    m.put("drain timeout", ms(drainTimeout));
    return m;
  }

  private static String ms(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
