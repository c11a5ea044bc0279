package dev.taskbed.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.Environment;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.simulator.config.Distribution;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.process.ProcessEnvironment;
import dev.taskbed.simulator.process.WorkerProcess;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code RedisSimulationIT} failing in CI with too few enqueues. A timer action must not
 * block ({@link Environment#schedule}); a broker call blocks on the network, for seconds while a
 * proxy is down. If a simulated worker sends its acks from a timer thread, one slow ack holds up
 * every timer of the run: producers' arrivals, heartbeats, the fault schedule itself.
 */
class RealTimeWorkerThreadsTest {

  /** Remembers the names of the threads that sent acks. */
  static final class AckThreads extends ForwardingBroker {
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    AckThreads(InMemoryBroker delegate) {
      super(delegate);
    }

    @Override
    public AckStatus complete(LeaseToken token) {
      threads.add(Thread.currentThread().getName());
      return delegate().complete(token);
    }

    @Override
    public List<AckStatus> completeAll(List<LeaseToken> tokens) {
      threads.add(Thread.currentThread().getName());
      return delegate().completeAll(tokens);
    }

    @Override
    public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
      threads.add(Thread.currentThread().getName());
      return delegate().retry(token, delayMillis, error, countAttempt);
    }
  }

  @Test
  void a_real_time_worker_sends_its_acks_from_its_own_threads_never_from_a_timer() throws Exception {
    Environment env = Environment.system();
    InMemoryBroker backend = new InMemoryBroker(env.clock());
    AckThreads broker = new AckThreads(backend);
    TaskKind kind = new TaskKind("k", "t", "default", new Distribution.Constant(Duration.ofMillis(20)), 0.5, 3,
        Duration.ofSeconds(5), new Distribution.Constant(Duration.ZERO), 0, Duration.ZERO, 0, 10);
    WorkerConfig config = WorkerConfig.builder().queue("default", 1).concurrency(4)
        .retryDelay((n, error, task, random) -> Duration.ofMillis(50)).build();
    WorkerProcess worker = new WorkerProcess("worker-1", broker, config,
        process -> new SimulatedHandlers(Map.of("t", kind), process, 7),
        () -> ProcessEnvironment.inRealTime("worker-1", Duration.ZERO, 7));
    worker.start();
    Client client = Client.create(broker, ClientConfig.defaults(), env);
    for (int i = 0; i < 20; i++) {
      client.enqueue(Task.of("t", new byte[0]));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (backend.stats("default").unfinished() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    worker.shutdown().toCompletableFuture().join();
    worker.close();

    assertThat(backend.stats("default").unfinished()).isZero();
    assertThat(broker.threads).isNotEmpty().allMatch(name -> name.startsWith("worker-1-"))
        .noneMatch(name -> name.contains("timer"));
  }
}
