package dev.taskbed.redis.redisson;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisInfrastructure;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.ClaimRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sentinel mode through Redisson's own Sentinel support: a primary, a replica and one Sentinel as
 * local processes. The broker finds the primary through the Sentinel, works, and after a Sentinel
 * failover carries on against the promoted replica with the tasks written before it (while Redisson
 * still talks to the demoted primary, {@code READONLY} replies are retried by the broker).
 */
class SentinelIT {
  private static final String MASTER = "taskbed-primary";

  @Test
  void a_sentinel_managed_primary_is_found_and_a_failover_is_followed() throws Exception {
    try (LocalRedis primary = LocalRedis.startDefault();
        LocalRedis replica = LocalRedis.builder().build().start()) {
      try (RespClient c = replica.client(0)) {
        c.call("REPLICAOF", "127.0.0.1", primary.port());
      }
      // replicating before the Sentinel starts: its first INFO of the primary lists the replica
      // (it would otherwise learn of it at its next 10-second INFO poll)
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        try (RespClient c = replica.client(0)) {
          return "up".equals(RespClient.infoField(c.string("INFO", "replication"), "master_link_status"));
        }
      });
      try (Sentinel sentinel = Sentinel.start(primary.port())) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sentinel.knowsReplicas() > 0);
        run(primary, replica, sentinel);
      }
    }
  }

  private static void run(LocalRedis primary, LocalRedis replica, Sentinel sentinel) {
    RedisBrokerSettings patient = RedisBrokerSettings.builder()
        .maxAttempts(20).retryBackoff(Duration.ofMillis(100)).maxRetryBackoff(Duration.ofMillis(500)).build();
    RedisBrokerConfig config = RedisBrokerConfig.sentinel(MASTER, List.of("127.0.0.1:" + sentinel.port()))
        .settings(patient).build();
    try (RedisBroker broker = RedissonBroker.create(config)) {
      assertThat(broker.serverReport()).get().satisfies(r -> assertThat(r.replicas()).isEqualTo(1));
      for (int i = 0; i < 20; i++) {
        assertThat(broker.enqueue(request("t" + i, "q", 0)).outcome())
            .isEqualTo(EnqueueOutcome.CREATED);
      }
      try (RespClient c = primary.client(0)) {
        c.call("SET", "fence", "1");
        assertThat((Long) c.call("WAIT", "1", "5000")).as("the replica has every task").isEqualTo(1L);
      }

      try (RespClient s = sentinel.client()) {
        s.call("SENTINEL", "FAILOVER", MASTER);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.primaryPort() == replica.port());
      // Until it is demoted, the old primary still accepts writes, and whatever it accepts is lost
      // when it resyncs from the new one: the failover loss window the architecture brief
      // documents (only WAIT mode closes it). Sentinel demotes it at its next INFO poll (up to
      // 10 s); this test is about following the switch, so it demotes it at once, as Sentinel will.
      try (RespClient c = primary.client(0)) {
        c.call("REPLICAOF", "127.0.0.1", replica.port());
      }

      // the broker retries READONLY / broken connections until Redisson has followed the switch
      assertThat(broker.enqueue(request("after", "q", 0)).outcome())
          .isEqualTo(EnqueueOutcome.CREATED);
      try (RespClient c = replica.client(0)) {
        assertThat(c.call("HEXISTS", "taskbed:{q}:tasks", "after")).as("written to the promoted replica").isEqualTo(1L);
      }
      assertThat(broker.list("q", TaskState.PENDING, 0, 100).items()).extracting(TaskInfo::id).hasSize(21)
          .contains("t0", "t19", "after");
      assertThat(broker.claim(new ClaimRequest("r", List.of("q"), 21, 10_000)).leases()).hasSize(21);
    }
  }

  /** One {@code redis-server --sentinel} process monitoring {@link #MASTER}, on a free loopback port. */
  private static final class Sentinel implements AutoCloseable {
    private final LocalRedis home; // never started: lends its free port and data directory
    private final Process process;

    private Sentinel(LocalRedis home, Process process) {
      this.home = home;
      this.process = process;
    }

    static Sentinel start(int primaryPort) throws IOException {
      LocalRedis home = LocalRedis.builder().build();
      Path conf = home.dir().resolve("sentinel.conf");
      Files.writeString(conf, String.join("\n",
          "port " + home.port(),
          "bind 127.0.0.1",
          "dir " + home.dir(),
          "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 1",
          "sentinel down-after-milliseconds " + MASTER + " 1000",
          "sentinel failover-timeout " + MASTER + " 5000",
          ""));
      Process p = new ProcessBuilder(RedisInfrastructure.redisServer().toString(), conf.toString(), "--sentinel")
          .redirectErrorStream(true).redirectOutput(home.dir().resolve("sentinel.log").toFile()).start();
      Sentinel s = new Sentinel(home, p);
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> s.primaryPort() == primaryPort);
      return s;
    }

    int port() {
      return home.port();
    }

    RespClient client() {
      return new RespClient("127.0.0.1", port());
    }

    int primaryPort() {
      try (RespClient c = client()) {
        List<?> addr = (List<?>) c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        return Integer.parseInt((String) addr.get(1));
      }
    }

    int knowsReplicas() {
      try (RespClient c = client()) {
        return ((List<?>) c.call("SENTINEL", "REPLICAS", MASTER)).size();
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      home.close();
    }
  }
}
