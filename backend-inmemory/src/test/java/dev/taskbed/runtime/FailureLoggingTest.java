package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.failAfter;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Handler;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.event.LoggingConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The default logging listener, read through a real SLF4J backend: one line per failed attempt with
 * what happens next, archived tasks at ERROR, bursts summarised on virtual time, the broker's
 * outages, and the MDC around handlers.
 */
class FailureLoggingTest {
  private static final Logger app = LoggerFactory.getLogger("app");
  private final LogCapture log = new LogCapture("dev.taskbed.events", "app");

  @AfterEach
  void detach() {
    log.close();
  }

  @Test
  void a_failed_attempt_logs_one_warn_line_with_the_task_the_attempt_what_comes_next_and_the_exception() {
    Harness h = new Harness();
    h.invoker.on("email", (ctx, n) -> n == 1 ? failAfter(Duration.ofMillis(10), new IOException("smtp down"))
        : succeedAfter(Duration.ofMillis(10)));
    EnqueueResult r = h.enqueue("email", TaskOptions.builder().queue("mail").maxRetry(4));
    h.startWorker(Harness.config().queue("mail", 1).build());
    h.run(Duration.ofSeconds(5));

    assertThat(log.lines).singleElement().satisfies(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage())
          .isEqualTo("task " + r.taskId() + " (email on mail) failed attempt 1 of 5; retry in 1.0s");
      assertThat(line.getThrowableProxy().getClassName()).isEqualTo(IOException.class.getName());
      assertThat(line.getThrowableProxy().getMessage()).isEqualTo("smtp down");
      assertThat(line.getMDCPropertyMap()).containsEntry(LoggingConfig.MDC_TASK_ID, r.taskId())
          .containsEntry(LoggingConfig.MDC_QUEUE, "mail").containsEntry(LoggingConfig.MDC_TYPE, "email")
          .containsEntry(LoggingConfig.MDC_ATTEMPT, "1");
    });
  }

  @Test
  void the_last_attempt_of_a_task_that_is_archived_logs_at_error() {
    Harness h = new Harness();
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IOException("gone")));
    h.startWorker(Harness.config().build());
    EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(1));
    h.run(Duration.ofSeconds(5));

    assertThat(log.lines).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Level.WARN, "task " + r.taskId() + " (t on default) failed attempt 1 of 2; retry in 1.0s"),
        org.assertj.core.groups.Tuple.tuple(Level.ERROR, "task " + r.taskId() + " (t on default) failed attempt 2 of 2; archived"));
  }

  @Test
  void levels_and_stack_traces_are_configurable() {
    Harness h = new Harness();
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IOException("gone")));
    h.startWorker(Harness.config().logging(LoggingConfig.builder()
        .failureLevel(org.slf4j.event.Level.INFO).stackTraces(false).build()).build());
    h.enqueue("t", TaskOptions.builder().maxRetry(3));
    h.run(Duration.ofMillis(500));

    assertThat(log.lines).singleElement().satisfies(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.INFO);
      assertThat(line.getThrowableProxy()).isNull();
      assertThat(line.getFormattedMessage()).endsWith("retry in 1.0s: java.io.IOException: gone");
    });
  }

  @Test
  void logging_off_logs_nothing() {
    Harness h = new Harness();
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IOException("gone")));
    h.startWorker(Harness.config().logging(LoggingConfig.off()).build());
    h.enqueue("t", TaskOptions.builder().maxRetry(0));
    h.run(Duration.ofSeconds(2));

    assertThat(log.lines).isEmpty();
  }

  @Test
  void a_burst_of_identical_failures_is_summarised_per_type_and_exception_and_every_failure_is_accounted_for() {
    Harness h = new Harness();
    h.invoker.on("burst", (ctx, n) -> n == 1 ? failAfter(Duration.ofMillis(10), new IOException("x"))
        : succeedAfter(Duration.ofMillis(10)));
    h.invoker.on("other", (ctx, n) -> n == 1 ? failAfter(Duration.ofMillis(10), new IllegalStateException("y"))
        : succeedAfter(Duration.ofMillis(10)));
    h.startWorker(Harness.config().concurrency(8)
        .logging(LoggingConfig.builder().maxLinesPerInterval(5).summaryInterval(Duration.ofSeconds(30)).build()).build());
    for (int i = 0; i < 40; i++) {
      h.enqueue("burst");
    }
    h.enqueue("other");
    h.run(Duration.ofSeconds(20));

    assertThat(log.containing("(burst on default) failed")).hasSize(5);
    assertThat(log.containing("(other on default) failed")).hasSize(1);
    assertThat(log.containing("more failure(s)")).as("the summary waits for the end of the window").isEmpty();

    h.run(Duration.ofSeconds(15));
    assertThat(log.containing("more failure(s)")).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("... 35 more failure(s) of type burst with java.io.IOException in the last 30.0s not logged");
  }

  @Test
  void leases_lost_together_in_an_outage_are_summarised_too() {
    FlakyBroker[] flaky = new FlakyBroker[1];
    Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));
    h.invoker.on("t", ScriptedInvoker.Step.runUntilCancelled());
    h.startWorker(Harness.config().logging(LoggingConfig.builder().maxLinesPerInterval(2).build()).build());
    for (int i = 0; i < 4; i++) {
      h.enqueue("t");
    }
    h.run(Duration.ofMillis(200));
    flaky[0].partitioned = true;
    h.run(Duration.ofSeconds(5)); // longer than the 2 s lease: the worker fences all four
    flaky[0].partitioned = false;
    h.run(Duration.ofMinutes(1));

    assertThat(log.containing("lease lost")).hasSize(2);
    assertThat(log.containing("more lost lease(s)")).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("... 2 more lost lease(s) of type t in the last 60.0s not logged");
  }

  @Test
  void a_broker_outage_logs_one_line_when_it_starts_and_one_when_it_ends_with_its_length_and_nothing_else() {
    FlakyBroker[] flaky = new FlakyBroker[1];
    Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));
    h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
    h.startWorker(Harness.config().build());
    h.enqueue("t");
    h.run(Duration.ofSeconds(2));
    try (LogCapture all = new LogCapture("dev.taskbed")) {
      flaky[0].partitioned = true;
      h.run(Duration.ofSeconds(30)); // claims, heartbeats and maintenance all fail meanwhile
      flaky[0].partitioned = false;
      h.run(Duration.ofSeconds(10));

      assertThat(all.lines).extracting(ILoggingEvent::getFormattedMessage).hasSize(2);
      assertThat(all.containing("broker unreachable")).hasSize(1);
      assertThat(all.containing("broker reachable again")).singleElement()
          .satisfies(line -> assertThat(line.getFormattedMessage()).matches("broker reachable again after an outage of 3\\d\\.\\ds"));
    }
  }

  /**
   * The scenario: a worker on the in-memory broker whose handler throws an IOException one
   * time in ten. Every failure is logged exactly once, carrying the task's MDC, and so do the
   * handler's own lines; at this rate nothing is summarised.
   */
  @Test
  void a_handler_failing_one_time_in_ten_has_each_failure_logged_once_with_its_mdc() {
    Harness h = new Harness();
    Random random = new Random(20261206L);
    Map<String, Integer> failuresByTask = new HashMap<>();
    Handler handler = (ctx, task) -> {
      app.info("sending {}", task.payloadAsString());
      if (random.nextInt(10) == 0) {
        failuresByTask.merge(ctx.taskId(), 1, Integer::sum);
        throw new IOException("connection reset");
      }
    };
    Server server = Server.create(h.broker, Harness.config().concurrency(2).build(), handler, h.env);
    server.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(h.client.enqueue(Task.of("email", ("mail " + i).getBytes()), TaskOptions.builder().processIn(Duration.ofMillis(500L * i)).build()).taskId());
    }
    h.run(Duration.ofMinutes(4));

    int failures = failuresByTask.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(failures).as("about one in ten").isBetween(15, 50);
    List<ILoggingEvent> failureLines = log.containing("failed attempt");
    assertThat(failureLines).hasSize(failures);
    Map<String, Integer> loggedByTask = new HashMap<>();
    for (ILoggingEvent line : failureLines) {
      String id = line.getMDCPropertyMap().get(LoggingConfig.MDC_TASK_ID);
      assertThat(line.getFormattedMessage()).startsWith("task " + id + " (email on default) failed attempt ");
      assertThat(line.getThrowableProxy().getClassName()).isEqualTo(IOException.class.getName());
      loggedByTask.merge(id, 1, Integer::sum);
    }
    assertThat(loggedByTask).isEqualTo(failuresByTask);
    assertThat(log.containing("more failure(s)")).isEmpty();

    List<ILoggingEvent> handlerLines = log.containing("sending mail");
    assertThat(handlerLines).hasSize(300 + failures);
    assertThat(handlerLines).allSatisfy(line -> {
      assertThat(ids).contains(line.getMDCPropertyMap().get(LoggingConfig.MDC_TASK_ID));
      assertThat(line.getMDCPropertyMap()).containsEntry(LoggingConfig.MDC_TYPE, "email")
          .containsEntry(LoggingConfig.MDC_QUEUE, "default").containsKey(LoggingConfig.MDC_ATTEMPT);
    });
    assertThat(MDC.getCopyOfContextMap()).as("nothing left behind on the driving thread").isNullOrEmpty();
  }

  @Test
  void the_mdc_is_set_on_the_handler_thread_of_a_user_executor_and_cleared_afterwards() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    assertMdcAroundHandlers(executor, true);
  }

  @Test
  void the_mdc_is_set_on_virtual_threads_where_the_jdk_has_them() throws Exception {
    ExecutorService executor;
    try {
      executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      org.junit.jupiter.api.Assumptions.abort("virtual threads need Java 21; this JVM is " + Runtime.version());
      return;
    }
    assertMdcAroundHandlers(executor, false);
  }

  /** A handler on {@code executor} sees its task's MDC; with {@code reused}, the thread's MDC is empty afterwards. */
  private static void assertMdcAroundHandlers(ExecutorService executor, boolean reused) throws Exception {
    try {
      dev.taskbed.inmemory.InMemoryBroker broker = new dev.taskbed.inmemory.InMemoryBroker(java.time.Clock.systemUTC());
      java.util.concurrent.CompletableFuture<Map<String, String>> seen = new java.util.concurrent.CompletableFuture<>();
      Server server = Server.create(broker, WorkerConfig.builder().concurrency(1).executor(executor).build(),
          (ctx, task) -> seen.complete(MDC.getCopyOfContextMap()));
      server.start();
      try (dev.taskbed.Client client = dev.taskbed.Client.create(broker)) {
        String id = client.enqueue(Task.of("t", new byte[0])).taskId();
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsEntry(LoggingConfig.MDC_TASK_ID, id)
            .containsEntry(LoggingConfig.MDC_ATTEMPT, "1");
      }
      server.shutdown();
      if (reused) {
        Map<String, String> after = executor.submit(() -> MDC.getCopyOfContextMap()).get(10, TimeUnit.SECONDS);
        assertThat(after).as("the pool thread's MDC after the handler").isNullOrEmpty();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
