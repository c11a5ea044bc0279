package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Runs the same seeded random operation sequence against {@link InMemoryBroker} and a
 * {@link JedisBroker} on one {@link ManualClock}, and requires identical observable results after
 * every step (return values, exception types, then the full listing of every state). Stands in for
 * the conformance kit until it lands, and stays as a cheap, Redis-specific cross-check.
 * Seeds: {@code -Dtaskbed.diff.seeds} (default 40), steps {@code -Dtaskbed.diff.steps} (default 400).
 */
abstract class AbstractDifferentialIT {
  private static final List<String> QUEUES = List.of("q1", "q2", "q3");
  private static final BrokerPolicy POLICY = new BrokerPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(20));

  abstract RedisFixture fixture();

  @Test
  void random_operation_sequences_match_the_in_memory_broker() {
    int seeds = Integer.getInteger("taskbed.diff.seeds", 40);
    int steps = Integer.getInteger("taskbed.diff.steps", 400);
    long base = Long.getLong("taskbed.diff.seed", 20260101L);
    for (int s = 0; s < seeds; s++) {
      long seed = base + s;
      try {
        run(seed, steps);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("differential run failed; replay with -Dtaskbed.diff.seed=" + seed
            + " -Dtaskbed.diff.seeds=1: " + e.getMessage(), e);
      }
    }
  }

  private void run(long seed, int steps) {
    fixture().flushAll();
    ManualClock clock = new ManualClock();
    Random rnd = new Random(seed);
    InMemoryBroker model = new InMemoryBroker(clock, POLICY);
    try (RedisBroker redis = TestBrokers.broker(fixture(),
        RedisBrokerSettings.builder().clock(clock).policy(POLICY).checkServer(false).build())) {
      List<LeaseToken> tokens = new ArrayList<>();
      for (int step = 0; step < steps; step++) {
        String what = step(rnd, clock, model, redis, tokens);
        if (step % 25 == 24) {
          compareState(model, redis, "after step " + step + " (" + what + ")");
        }
      }
      compareState(model, redis, "at the end");
    }
  }

  private String step(Random rnd, ManualClock clock, InMemoryBroker model, RedisBroker redis, List<LeaseToken> tokens) {
    int op = rnd.nextInt(100);
    String q = QUEUES.get(rnd.nextInt(QUEUES.size()));
    if (op < 22) {
      EnqueueRequest r = randomRequest(rnd, q, clock);
      same("enqueue " + r, b -> b.enqueue(r), model, redis);
      return "enqueue";
    } else if (op < 27) {
      List<EnqueueRequest> batch = new ArrayList<>();
      int n = 1 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        batch.add(randomRequest(rnd, QUEUES.get(rnd.nextInt(QUEUES.size())), clock));
      }
      same("enqueueBatch " + batch, b -> b.enqueueBatch(batch), model, redis);
      return "enqueueBatch";
    } else if (op < 42) {
      List<String> order = new ArrayList<>(QUEUES);
      java.util.Collections.shuffle(order, rnd);
      order = order.subList(0, 1 + rnd.nextInt(order.size()));
      if (rnd.nextInt(10) == 0) {
        order = new ArrayList<>(order);
        order.add("unknown");
      }
      ClaimRequest req = new ClaimRequest("r" + rnd.nextInt(6), order, 1 + rnd.nextInt(4), 1_000 + rnd.nextInt(9_000));
      ClaimResult result = same("claim " + req, b -> b.claim(req), model, redis);
      if (result != null) {
        result.leases().stream().map(Lease::token).forEach(tokens::add);
      }
      return "claim";
    } else if (op < 62 && !tokens.isEmpty()) {
      LeaseToken t = tokens.get(rnd.nextInt(tokens.size()));
      int kind = rnd.nextInt(7);
      long delay = rnd.nextInt(3) * 1_000L;
      String err = rnd.nextBoolean() ? null : "boom " + rnd.nextInt(3);
      boolean count = rnd.nextBoolean();
      switch (kind) {
        case 0 -> same("complete " + t, b -> b.complete(t), model, redis);
        case 1 -> same("revoke " + t, b -> b.revoke(t), model, redis);
        case 2 -> same("retry " + t, b -> b.retry(t, delay, err, count), model, redis);
        case 3 -> same("archive " + t, b -> b.archive(t, err, count), model, redis);
        case 4 -> same("requeue " + t, b -> b.requeue(t), model, redis);
        case 5 -> {
          long d = 500 + rnd.nextInt(5_000);
          same("extend " + t + " by " + d, b -> b.extendLease(t, d), model, redis);
        }
        default -> {
          List<LeaseToken> some = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            some.add(tokens.get(rnd.nextInt(tokens.size())));
          }
          same("extendLeases " + some, b -> b.extendLeases(some, 2_000), model, redis);
        }
      }
      return "ack";
    } else if (op < 70) {
      int limit = 1 + rnd.nextInt(3);
      long recoveryDelay = rnd.nextInt(2) * 500L;
      switch (rnd.nextInt(3)) {
        case 0 -> same("forwardDue " + q, b -> b.forwardDue(q, limit), model, redis);
        case 1 -> same("recover " + q, b -> b.recoverExpiredLeases(q, limit, recoveryDelay), model, redis);
        default -> same("purge " + q, b -> b.purgeExpired(q, limit), model, redis);
      }
      return "maintenance";
    } else if (op < 82) {
      String id = "t" + rnd.nextInt(12);
      switch (rnd.nextInt(7)) {
        case 0 -> sameAdmin("delete " + q + "/" + id, a -> {
          a.delete(q, id);
          return "ok";
        }, model, redis);
        case 1 -> sameAdmin("runNow " + q + "/" + id, a -> {
          a.runNow(q, id);
          return "ok";
        }, model, redis);
        case 2 -> sameAdmin("archive " + q + "/" + id, a -> {
          a.archive(q, id);
          return "ok";
        }, model, redis);
        case 3 -> sameAdmin("pause " + q, a -> {
          a.pause(q);
          return "ok";
        }, model, redis);
        case 4 -> sameAdmin("unpause " + q, a -> {
          a.unpause(q);
          return "ok";
        }, model, redis);
        case 5 -> sameAdmin("get " + q + "/" + id, a -> a.get(q, id), model, redis);
        default -> {
          TaskState st = TaskState.values()[rnd.nextInt(TaskState.values().length)];
          int offset = rnd.nextInt(3);
          int limit = 1 + rnd.nextInt(4);
          sameAdmin("list " + q + " " + st, a -> a.list(q, st, offset, limit), model, redis);
        }
      }
      return "admin";
    } else if (op < 85) {
      sameAdmin("stats " + q, a -> a.stats(q), model, redis);
      same("queues", Broker::queues, model, redis);
      return "stats";
    } else {
      int r = rnd.nextInt(20);
      clock.advance(Duration.ofMillis(r == 0 ? 25_000 : r == 1 ? 61_000 : rnd.nextInt(3_000)));
      trace("advance", clock);
      return "advance";
    }
  }

  private static EnqueueRequest randomRequest(Random rnd, String queue, ManualClock clock) {
    String id = "t" + rnd.nextInt(12);
    int variant = rnd.nextInt(4) == 0 ? 1 : 0;
    long delay = rnd.nextInt(3) == 0 ? rnd.nextInt(4_000) : 0;
    long processAt = rnd.nextInt(6) == 0 ? clock.millis() + rnd.nextInt(6_000) - 2_000 : 0;
    boolean unique = rnd.nextInt(4) == 0;
    String payload = "payload-" + rnd.nextInt(4);
    return new EnqueueRequest(id, queue, "type" + rnd.nextInt(2), payload.getBytes(StandardCharsets.UTF_8),
        rnd.nextBoolean() ? Map.of() : Map.of("k", "v" + variant), rnd.nextInt(3), delay, Math.max(0, processAt),
        rnd.nextInt(2) * 60_000L, 0, rnd.nextInt(3) == 0 ? 5_000 : 0,
        unique ? "u" + payload : null, unique ? 3_000 + rnd.nextInt(5_000) : 0,
        "h-" + id + "-" + variant + "-" + delay + "-" + processAt + "-" + unique, rnd.nextLong());
  }

  private static <T> T same(String what, Function<Broker, T> op, InMemoryBroker model, RedisBroker redis) {
    Object expected = outcome(() -> op.apply(model));
    Object actual = outcome(() -> op.apply(redis));
    trace(what, expected);
    assertThat(actual).as(what).isEqualTo(expected);
    @SuppressWarnings("unchecked")
    T t = expected instanceof Failure ? null : (T) expected;
    return t;
  }

  private static <T> T sameAdmin(String what, Function<BrokerAdmin, T> op, InMemoryBroker model, RedisBroker redis) {
    Object expected = outcome(() -> op.apply(model));
    Object actual = outcome(() -> op.apply(redis));
    trace(what, expected);
    assertThat(actual).as(what).isEqualTo(expected);
    return null;
  }

  private static void trace(String what, Object result) {
    if (Boolean.getBoolean("taskbed.diff.trace")) {
      System.out.println(what + " -> " + result);
    }
  }

  /** An exception reduced to what the contract fixes: its type (and state for state errors). */
  private record Failure(Class<?> type, TaskState state) {}

  private static Object outcome(java.util.function.Supplier<?> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return new Failure(e.getClass(), e instanceof TaskStateException ? ((TaskStateException) e).state() : null);
    }
  }

  private static void compareState(InMemoryBroker model, RedisBroker redis, String when) {
    assertThat(redis.queues()).as("queues " + when).isEqualTo(model.queues());
    for (String q : model.queues()) {
      assertThat(redis.stats(q)).as("stats " + q + " " + when).isEqualTo(model.stats(q));
      for (TaskState st : TaskState.values()) {
        assertThat(redis.list(q, st, 0, 1_000)).as("list " + q + " " + st + " " + when)
            .isEqualTo(model.list(q, st, 0, 1_000));
      }
    }
    Objects.requireNonNull(when);
  }
}
