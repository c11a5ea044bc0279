package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.Client;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The Jedis and the Redisson backend are interchangeable on one Redis: tasks enqueued through one
 * (single and batch, immediate, delayed, failing once) are processed by the real worker runtime on
 * the other, with payload, headers, attempts and delays intact; records, leases and acks written
 * through one read and behave the same through the other. On a single node and on a cluster.
 */
class InteroperabilityIT {
  private static final RedisBrokerSettings SETTINGS = RedisBrokerSettings.defaults();

  /** What a handler saw. */
  private record Seen(String type, String payload, Map<String, String> headers, int retryCount, long atNanos, long atWall) {}

  private static void producedByOneProcessedByTheOther(RedisFixture redis, boolean jedisProduces) throws Exception {
    redis.flushAll();
    String producerName = jedisProduces ? "jedis" : "redisson";
    try (RedisBroker jedis = TestBrokers.jedis(redis, SETTINGS);
        RedisBroker redisson = TestBrokers.broker(redis, SETTINGS);
        Client client = Client.create(jedisProduces ? jedis : redisson)) {
      RedisBroker consumer = jedisProduces ? redisson : jedis;
      Map<String, Seen> done = new ConcurrentHashMap<>();
      Set<String> failedOnce = ConcurrentHashMap.newKeySet();
      WorkerConfig config = WorkerConfig.builder().concurrency(8).queue("default", 1).queue("bulk", 1)
          .retryDelay(RetryDelayFunction.fixed(Duration.ofMillis(100)))
          .forwardInterval(Duration.ofMillis(100)).maxPollInterval(Duration.ofMillis(100)).build();
      Server server = Server.create(consumer, config, (ctx, task) -> {
        if (task.payloadAsString().startsWith("flaky") && failedOnce.add(ctx.taskId())) {
          throw new IllegalStateException("fails on its first attempt");
        }
        done.put(ctx.taskId(), new Seen(task.type(), task.payloadAsString(), task.headers(), ctx.retryCount(), System.nanoTime(), System.currentTimeMillis()));
      });
      Map<String, String> expected = new ConcurrentHashMap<>();
      Map<String, Long> notBefore = new ConcurrentHashMap<>();
      Map<String, Long> notBeforeWall = new ConcurrentHashMap<>();
      server.start();
      try {
        for (int i = 0; i < 60; i++) {
          String payload = (i % 5 == 0 ? "flaky-" : "plain-") + i;
          TaskOptions options = i % 4 == 0 ? TaskOptions.builder().processIn(Duration.ofMillis(300)).maxRetry(3).build()
              : TaskOptions.builder().maxRetry(3).build();
          long before = System.nanoTime();
          long beforeWall = System.currentTimeMillis();
          EnqueueResult r = client.enqueue(Task.builder("interop:job").payload(payload).header("from", producerName)
              .header("n", Integer.toString(i)).build(), options);
          expected.put(r.taskId(), payload);
          if (i % 4 == 0) {
            notBefore.put(r.taskId(), before + Duration.ofMillis(300).toNanos());
            notBeforeWall.put(r.taskId(), beforeWall + 300);
          }
        }
        List<Task> bulk = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          bulk.add(Task.builder("interop:bulk").payload("bulk-" + i).header("from", producerName)
              .options(TaskOptions.builder().queue("bulk").build()).build());
        }
        for (EnqueueResult r : client.enqueueAll(bulk)) {
          assertThat(r.outcome()).isEqualTo(EnqueueOutcome.CREATED);
          expected.put(r.taskId(), "bulk-" + bulk.get(expected.size() - 60).payloadAsString().substring(5));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> done.keySet().containsAll(expected.keySet()));
      } finally {
        server.shutdown();
      }
      assertThat(done.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      done.forEach((id, seen) -> {
        assertThat(seen.payload()).as(id).isEqualTo(expected.get(id));
        assertThat(seen.headers()).as(id).containsEntry("from", producerName);
        assertThat(seen.retryCount()).as(id + " attempts").isEqualTo(seen.payload().startsWith("flaky") ? 1 : 0);
        if (notBeforeWall.containsKey(id)) {
          // Due time is judged on Redis TIME, i.e. this host's wall clock, so compare wall to wall.
          long wallElapsed = seen.atWall() - notBeforeWall.get(id) + 300;
          long monoElapsed = (seen.atNanos() - notBefore.get(id)) / 1_000_000 + 300;
          assertThat(seen.atWall()).as(id + " ran before its processIn: " + wallElapsed + " ms after enqueue by the wall "
              + "clock, " + monoElapsed + " ms by the monotonic clock").isGreaterThanOrEqualTo(notBeforeWall.get(id));
        }
      });
      for (String q : List.of("default", "bulk")) {
        assertThat(jedis.stats(q)).isEqualTo(redisson.stats(q));
        assertThat(redisson.stats(q).unfinished()).isZero();
      }
    }
  }

  @Test
  void tasks_enqueued_through_jedis_are_processed_by_redisson_workers_single_node() throws Exception {
    producedByOneProcessedByTheOther(SharedRedis.local(), true);
  }

  @Test
  void tasks_enqueued_through_redisson_are_processed_by_jedis_workers_single_node() throws Exception {
    producedByOneProcessedByTheOther(SharedRedis.local(), false);
  }

  @Test
  void tasks_enqueued_through_jedis_are_processed_by_redisson_workers_cluster() throws Exception {
    producedByOneProcessedByTheOther(SharedRedis.cluster(), true);
  }

  @Test
  void tasks_enqueued_through_redisson_are_processed_by_jedis_workers_cluster() throws Exception {
    producedByOneProcessedByTheOther(SharedRedis.cluster(), false);
  }

  private static EnqueueRequest request(String id, String hash, long delay, String uniqueKey) {
    return new EnqueueRequest(id, "q", "t", ("p-" + id).getBytes(StandardCharsets.UTF_8), Map.of("h", id), 1, delay, 0, 0,
        0, 60_000, uniqueKey, uniqueKey == null ? 0 : 60_000, hash, id.hashCode());
  }

  @Test
  void records_leases_and_acks_written_through_one_backend_behave_the_same_through_the_other() {
    for (RedisFixture redis : List.of(SharedRedis.local(), SharedRedis.cluster())) {
      redis.flushAll();
      ManualClock clock = new ManualClock();
      RedisBrokerSettings settings = RedisBrokerSettings.builder().clock(clock).checkServer(false).build();
      try (RedisBroker jedis = TestBrokers.jedis(redis, settings);
          RedisBroker redisson = TestBrokers.broker(redis, settings)) {
        // idempotence and uniqueness across backends
        assertThat(redisson.enqueue(request("a", "h-a", 0, "u")).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        assertThat(jedis.enqueue(request("a", "h-a", 0, "u")).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
        assertThat(jedis.enqueueBatch(List.of(request("a", "other", 0, null), request("dup", "h-dup", 0, "u"))))
            .extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.ID_CONFLICT, EnqueueOutcome.DUPLICATE);
        assertThat(redisson.enqueueBatch(List.of(request("b", "h-b", 0, null), request("c", "h-c", 5_000, null),
            request("d", "h-d", 0, null)))).extracting(EnqueueResult::outcome).containsOnly(EnqueueOutcome.CREATED);

        // a lease from one backend is a lease for the other
        List<Lease> leases = jedis.claim(new ClaimRequest("r1", List.of("q"), 3, 10_000)).leases();
        assertThat(leases).extracting(l -> l.task().id()).containsExactly("a", "b", "d");
        assertThat(redisson.claim(new ClaimRequest("r1", List.of("q"), 3, 10_000)).leases())
            .as("a replayed claim returns the same leases through the other backend").isEqualTo(leases);
        assertThat(redisson.extendLeases(List.of(leases.get(0).token(), leases.get(1).token()), 20_000))
            .containsExactly(AckStatus.OK, AckStatus.OK);
        assertThat(redisson.complete(leases.get(0).token())).isEqualTo(AckStatus.OK);
        assertThat(jedis.complete(leases.get(0).token())).isEqualTo(AckStatus.ALREADY_APPLIED);
        assertThat(redisson.retry(leases.get(1).token(), 1_000, "boom", true)).isEqualTo(AckStatus.OK);
        clock.advance(Duration.ofSeconds(11)); // d's lease (10 s, never extended) expires
        assertThat(jedis.recoverExpiredLeases("q", 10, 0).processed()).isEqualTo(1);
        List<Lease> again = redisson.claim(new ClaimRequest("r2", List.of("q"), 3, 10_000)).leases();
        // due order: b (retry at 1 s), c (scheduled at 5 s), d (recovered at 11 s)
        assertThat(again).extracting(l -> l.task().id()).containsExactly("b", "c", "d");
        assertThat(jedis.complete(leases.get(2).token())).as("a zombie's ack through the other backend")
            .isEqualTo(AckStatus.LEASE_LOST);
        assertThat(jedis.archive(again.get(2).token(), "dead", true)).isEqualTo(AckStatus.OK);

        // both backends read the same records in every state
        for (TaskState state : TaskState.values()) {
          assertThat(redisson.list("q", state, 0, 100)).as(state.name()).isEqualTo(jedis.list("q", state, 0, 100));
        }
        for (String id : List.of("a", "b", "c", "d", "dup")) {
          assertThat(redisson.get("q", id)).as(id).isEqualTo(jedis.get("q", id));
        }
        assertThat(redisson.stats("q")).isEqualTo(jedis.stats("q"));
        assertThat(redisson.get("q", "d")).get().satisfies(t -> {
          assertThat(t.state()).isEqualTo(TaskState.ARCHIVED);
          assertThat(t.attempts()).as("recovery and archive each counted an attempt").isEqualTo(2);
          assertThat(t.lastError()).isEqualTo("dead");
        });
        assertThat(jedis.queues()).isEqualTo(redisson.queues()).containsExactly("q");
      }
    }
  }
}
