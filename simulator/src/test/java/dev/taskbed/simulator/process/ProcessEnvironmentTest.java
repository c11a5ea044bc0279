package dev.taskbed.simulator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.env.Cancellable;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.Broker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProcessEnvironmentTest {
  private final VirtualEnvironment shared = new VirtualEnvironment(1);
  private final ProcessEnvironment process = ProcessEnvironment.inVirtualTime("p", shared);
  private final List<String> ran = new ArrayList<>();

  private long seconds() {
    return shared.clock().millis() / 1000 % 100_000;
  }

  private void at(long seconds, String name) {
    process.schedule(Duration.ofSeconds(seconds), () -> ran.add(name + "@" + seconds()));
  }

  @Nested
  class Events {
    @Test
    void a_stalled_process_runs_nothing_until_it_wakes_then_runs_what_fell_due_in_order_and_late() {
      long t0 = seconds();
      at(1, "a");
      at(3, "b");
      at(5, "c");
      at(20, "d");
      shared.advance(Duration.ofSeconds(2));
      process.stall();
      shared.advance(Duration.ofSeconds(8)); // b and c fall due while stalled
      assertThat(ran).containsExactly("a@" + (t0 + 1));
      process.resume();
      shared.runDue();
      shared.advance(Duration.ofSeconds(15));
      assertThat(ran).containsExactly("a@" + (t0 + 1), "b@" + (t0 + 10), "c@" + (t0 + 10), "d@" + (t0 + 20));
    }

    @Test
    void a_killed_process_never_runs_again_not_even_what_it_held() {
      at(1, "a");
      at(3, "b");
      process.stall();
      shared.advance(Duration.ofSeconds(2));
      process.kill();
      process.resume();
      shared.advance(Duration.ofSeconds(5));
      process.execute(() -> ran.add("late"));
      shared.runDue();
      assertThat(ran).isEmpty();
    }

    @Test
    void cancelling_a_held_event_keeps_it_from_running_on_wake() {
      Cancellable timer = process.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
      process.stall();
      shared.advance(Duration.ofSeconds(2));
      timer.cancel();
      process.resume();
      shared.runDue();
      assertThat(ran).isEmpty();
    }

    @Test
    void a_killed_process_reaches_the_broker_no_more_and_its_wake_up_subscriptions_are_closed() {
      InMemoryBroker backend = new InMemoryBroker(shared.clock());
      Broker broker = process.broker(backend);
      AtomicInteger hints = new AtomicInteger();
      broker.onWorkAvailable(List.of("q"), hints::incrementAndGet);
      Client producer = Client.create(backend, ClientConfig.defaults(), shared);
      producer.enqueue(Task.builder("t").options(TaskOptions.builder().queue("q").build()).build());
      assertThat(hints).hasValue(1);
      assertThat(broker.queues()).containsExactly("q");

      process.kill();
      broker.close(); // a process's view never closes the shared broker

      assertThatThrownBy(broker::queues).isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("killed");
      producer.enqueue(Task.builder("t").options(TaskOptions.builder().queue("q").build()).build());
      assertThat(hints).as("no wake-up hint reaches a dead process").hasValue(1);
      assertThat(backend.stats("q").pending()).isEqualTo(2);
    }
  }

  /** Handlers on virtual time: blocking code in lockstep with the event loop. */
  @Nested
  class Handlers {
    private final Executor handlers = process.newHandlerExecutor(4);

    private void handler(String name, Duration sleep) {
      handlers.execute(() -> {
        ran.add(name + " starts@" + seconds());
        try {
          process.sleep(sleep);
          ran.add(name + " returns@" + seconds());
        } catch (InterruptedException e) {
          ran.add(name + " interrupted@" + seconds());
        }
      });
    }

    @Test
    void a_sleep_takes_virtual_time_while_the_rest_of_the_run_goes_on() {
      long t0 = seconds();
      handler("h1", Duration.ofSeconds(10));
      handler("h2", Duration.ofSeconds(3));
      at(5, "timer");
      shared.advance(Duration.ofSeconds(20));
      assertThat(ran).containsExactly("h1 starts@" + t0, "h2 starts@" + t0, "h2 returns@" + (t0 + 3), "timer@" + (t0 + 5),
          "h1 returns@" + (t0 + 10));
    }

    @Test
    void an_interrupt_from_an_event_wakes_the_sleeper_at_that_moment() {
      long t0 = seconds();
      AtomicReference<Thread> sleeper = new AtomicReference<>();
      handlers.execute(() -> {
        sleeper.set(Thread.currentThread());
        try {
          process.sleep(Duration.ofMinutes(1));
          ran.add("slept");
        } catch (InterruptedException e) {
          ran.add("interrupted@" + seconds());
        }
      });
      process.schedule(Duration.ofSeconds(4), () -> sleeper.get().interrupt()); // as a cancelled attempt's context does
      shared.advance(Duration.ofMinutes(2));
      assertThat(ran).containsExactly("interrupted@" + (t0 + 4));
    }

    @Test
    void a_stall_holds_a_sleeping_handler_until_the_process_wakes() {
      long t0 = seconds();
      handler("h", Duration.ofSeconds(2));
      shared.advance(Duration.ofSeconds(1));
      process.stall();
      shared.advance(Duration.ofSeconds(9));
      assertThat(ran).containsExactly("h starts@" + t0);
      process.resume();
      shared.runDue();
      assertThat(ran).containsExactly("h starts@" + t0, "h returns@" + (t0 + 10));
    }

    @Test
    void a_kill_unwinds_sleeping_handlers_and_ends_their_threads() throws InterruptedException {
      AtomicReference<Thread> carrier = new AtomicReference<>();
      AtomicReference<Throwable> unwound = new AtomicReference<>();
      handlers.execute(() -> {
        carrier.set(Thread.currentThread());
        try {
          process.sleep(Duration.ofMinutes(1));
          ran.add("returned");
        } catch (InterruptedException e) {
          ran.add("interrupted");
        } catch (Throwable t) {
          unwound.set(t);
          throw t;
        }
      });
      shared.advance(Duration.ofSeconds(1));

      process.kill();
      shared.advance(Duration.ofMinutes(2));
      carrier.get().join(5_000);

      assertThat(ran).isEmpty();
      assertThat(unwound.get()).isInstanceOf(ProcessKilled.class);
      assertThat(carrier.get().isAlive()).isFalse();
      handler("after", Duration.ZERO);
      shared.runDue();
      assertThat(ran).isEmpty();
    }

    @Test
    void the_same_seed_gives_the_same_interleaving() {
      List<String> first = interleaving();
      List<String> second = interleaving();
      assertThat(first).hasSize(40).isEqualTo(second);
    }

    private List<String> interleaving() {
      VirtualEnvironment loop = new VirtualEnvironment(9);
      ProcessEnvironment p = ProcessEnvironment.inVirtualTime("p", loop);
      Executor pool = p.newHandlerExecutor(8);
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String name = "h" + i;
        long millis = loop.random().nextLong(1, 50);
        pool.execute(() -> {
          synchronized (events) {
            events.add(name + " start");
          }
          try {
            p.sleep(Duration.ofMillis(millis));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          synchronized (events) {
            events.add(name + " end@" + loop.clock().millis() % 1000);
          }
        });
      }
      loop.advance(Duration.ofSeconds(1));
      return events;
    }
  }
}
