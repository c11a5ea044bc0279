package dev.taskbed.chaos.process;

import dev.taskbed.Handler;
import dev.taskbed.Server;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.simulator.backend.RedisDriver;
import dev.taskbed.simulator.process.ProcessEnvironment;
import dev.taskbed.simulator.scripted.ExecutionLog;
import dev.taskbed.simulator.scripted.TimingProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for the worker-crash scenario: one {@link Server} on the chaos timing profile,
 * recording its broker calls and streaming them to stdout as they happen, so the test JVM can
 * check them after SIGKILLing this process. Protocol, one line each:
 * <ul>
 *   <li>{@code READY} once the server runs;</li>
 *   <li>{@code START <taskId>} when a handler starts;</li>
 *   <li>{@code EVENT <json>} for every history event ({@link HistoryEventCodec}), flushed every
 *       few milliseconds (a kill loses at most those not yet flushed: events only ever missing,
 *       never wrong, which can hide an anomaly but not invent one).</li>
 * </ul>
 * Exits when stdin closes (the test JVM is gone).
 *
 * <p>Arguments: {@code backend host port queue name concurrency seed}.
 */
public final class WorkerProcessMain {
  static final Duration FLUSH_EVERY = Duration.ofMillis(10);

  private WorkerProcessMain() {}

  public static void main(String[] args) throws Exception {
    RedisDriver backend = RedisDriver.valueOf(args[0]);
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    String queue = args[3];
    String name = args[4];
    int concurrency = Integer.parseInt(args[5]);
    long seed = Long.parseLong(args[6]);
    TimingProfile timing = TimingProfile.COMPRESSED;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);

    HistoryRecorder recorder = new HistoryRecorder(Clock.systemUTC());
    var broker = backend.open(timing.redisConfig(RedisBrokerConfig.standalone("redis://" + host + ":" + port),
        timing.brokerSettings().build()));
    RecordingBroker recorded = new RecordingBroker(broker, recorder);
    Handler work = new ExecutionLog().handler(name, false);
    Handler announced = (ctx, task) -> {
      synchronized (out) {
        out.println("START " + ctx.taskId());
        out.flush();
      }
      work.handle(ctx, task);
    };
    Server server = Server.create(recorded, timing.worker(queue, concurrency).build(), announced,
        ProcessEnvironment.inRealTime(name, Duration.ZERO, seed));

    Thread streamer = new Thread(() -> stream(recorder, out), name + "-history");
    streamer.setDaemon(true);
    streamer.start();
    server.start();
    synchronized (out) {
      out.println("READY");
      out.flush();
    }
    try {
      while (System.in.read() >= 0) {
        // wait for the parent to go away
      }
    } catch (IOException e) {
      // parent gone
    }
    System.exit(0);
  }

  private static void stream(HistoryRecorder recorder, PrintStream out) {
    int sent = 0;
    while (true) {
      List<HistoryEvent> events = recorder.history().events();
      if (events.size() > sent) {
        synchronized (out) {
          for (HistoryEvent e : events.subList(sent, events.size())) {
            out.println("EVENT " + HistoryEventCodec.encode(e));
          }
          out.flush();
        }
        sent = events.size();
      }
      try {
        Thread.sleep(FLUSH_EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
