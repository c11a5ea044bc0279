package dev.taskbed.examples.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.TaskState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs the README example on the Redis named by the system property {@code redis.uri}. */
class EmailOnRedisTest {
  private static final String REDIS_URI = System.getProperty("redis.uri");

  @Test
  void the_readme_example_delivers_the_welcome_email_through_redis_after_its_delay_even_when_the_mail_server_is_busy_at_first()
      throws Exception {
    assertThat(REDIS_URI).as("system property redis.uri (examples/run starts a Redis and sets it)").isNotBlank();
    List<String> sent = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch delivered = new CountDownLatch(1);
    long start = System.nanoTime();

    try (EmailOnRedis example = EmailOnRedis.start(REDIS_URI, (to, subject) -> {
      if (calls.incrementAndGet() < 3) {
        return false; // busy twice, then accepted
      }
      sent.add(to + ": " + subject);
      delivered.countDown();
      return true;
    })) {
      assertThat(example.enqueued().state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(example.enqueued().outcome()).isEqualTo(EnqueueOutcome.CREATED);
      // A bound on "never happened", not a speed target: the task is due after one second.
      assertThat(delivered.await(60, TimeUnit.SECONDS)).as("the welcome mail was sent").isTrue();
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(sent).containsExactly("ada@example.com: Welcome aboard");
    assertThat(calls).hasValue(3);
    assertThat(elapsedMillis).as("delivered no earlier than its one-second delay").isGreaterThanOrEqualTo(1_000);
  }
}
