package dev.taskbed.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Handler;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.RunMetrics;
import dev.taskbed.simulator.process.ProcessEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Found by the simulator's stall fault. The runtime promises to self-fence: once (send time of the
 * last confirmed claim or extend) + lease - margin has passed, it discards the handler's result
 * without asking the broker. A process that wakes from a pause longer than its lease sees its
 * overdue events fire in the order they fell due, so the handler's completion can come before
 * the fence timer; the engine must still discard that result instead of sending an ack that only
 * the broker's fencing can refuse.
 */
class StalledWorkerSelfFencingTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void a_worker_waking_from_a_stall_longer_than_its_lease_discards_the_result_instead_of_acking() {
    assertNoAckAfterTrustDeadline(Duration.ofSeconds(11)); // frozen just before the handler returns
  }

  @Test
  void a_completion_waiting_to_be_coalesced_when_the_stall_begins_is_discarded_too() {
    // The first handler returned at 12 s and its completion waits out the ack flush delay (1 ms),
    // because the second handler still runs, when the process freezes; on waking, the flush must
    // not send it.
    assertNoAckAfterTrustDeadline(Duration.ofSeconds(12));
  }

  private static void assertNoAckAfterTrustDeadline(Duration stallAt) {
    VirtualEnvironment env = new VirtualEnvironment(7);
    InMemoryBroker backend = new InMemoryBroker(env.clock());
    RunMetrics metrics = new RunMetrics();
    MeasuringBroker broker = new MeasuringBroker(backend, metrics, env.clock());
    ProcessEnvironment process = ProcessEnvironment.inVirtualTime("worker", env);
    // An attempt takes 12 s, or 13 s for the "slower" task, sleeping in the worker's own process.
    Handler handler = (ctx, task) -> process.sleep(Duration.ofSeconds(task.type().equals("slower") ? 13 : 12));
    WorkerConfig config = WorkerConfig.builder().concurrency(2).leaseDuration(LEASE)
        .heartbeatInterval(Duration.ofSeconds(5)).build();
    Server engine = Server.create(process.broker(broker), config, handler, process);
    Client client = Client.create(broker, ClientConfig.defaults(), env);
    client.enqueue(Task.of("t", new byte[0]));
    client.enqueue(Task.of("slower", new byte[0]));

    engine.start();
    env.advance(stallAt);                // both claimed at 0 s, leases renewed at 5 s and 10 s; handlers return at 12 s and 13 s
    process.stall();                     // the lease runs out at 40 s
    env.advance(Duration.ofSeconds(50).minus(stallAt)); // wakes at 50 s, long after the worker's own trust deadline (37 s)
    process.resume();
    env.runDue();

    assertThat(metrics.total(Counter.ACKS_REFUSED))
        .as("acks sent after the worker's own lease deadline had passed (refused by the broker)")
        .isZero();
    assertThat(metrics.total(Counter.COMPLETED)).isZero();

    // The discarded attempts are recovered and run again.
    env.advance(Duration.ofMinutes(2));
    assertThat(metrics.total(Counter.RECOVERED)).isEqualTo(2);
    assertThat(metrics.total(Counter.COMPLETED)).isEqualTo(2);
  }
}
