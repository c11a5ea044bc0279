package dev.taskbed.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmailExampleTest {
  @Test
  void the_readme_example_delivers_the_welcome_email_after_its_delay_even_when_the_mail_server_is_busy_at_first() throws Exception {
    List<String> sent = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    EmailExample.run((to, subject) -> {
      if (calls.incrementAndGet() < 3) {
        return false; // busy twice, then accepted
      }
      sent.add(to + ": " + subject);
      return true;
    });
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(sent).containsExactly("ada@example.com: Welcome aboard");
    assertThat(calls).hasValue(3);
    assertThat(elapsedMillis).as("delivered no earlier than its one-second delay").isGreaterThanOrEqualTo(1_000);
  }
}
