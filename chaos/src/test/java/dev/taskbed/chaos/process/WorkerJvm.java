package dev.taskbed.chaos.process;

import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.simulator.backend.RedisDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerProcessMain} in a JVM of its own, started from the test classpath, whose stdout
 * is read as it comes: readiness, handler starts and the streamed history. {@link #kill()} sends
 * SIGKILL ({@link Process#destroyForcibly()} on Linux), as an OOM killer or {@code kill -9} would.
 */
public final class WorkerJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<HistoryEvent> events = new ArrayList<>();
  /** Task ids whose handler started, with the {@link System#nanoTime()} their START line arrived. */
  private final Map<String, Long> started = new LinkedHashMap<>();
  private final Thread reader;

  private WorkerJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.reader = new Thread(this::read, name + "-stdout");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Starts a worker JVM serving {@code queue} through Redis at {@code host:port}. */
  public static WorkerJvm start(String name, RedisDriver backend, String host, int port, String queue, int concurrency,
      long seed) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
        WorkerProcessMain.class.getName(), backend.name(), host, Integer.toString(port), queue, name,
        Integer.toString(concurrency), Long.toString(seed)));
    try {
      Path log = Files.createTempFile("taskbed-chaos-" + name + "-", ".log");
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      return new WorkerJvm(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker JVM: " + cmd, e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("EVENT ")) {
          HistoryEvent e;
          try {
            e = HistoryEventCodec.decode(line.substring(6));
          } catch (RuntimeException bad) {
            continue; // a line cut short by the kill
          }
          synchronized (events) {
            events.add(e);
          }
        } else if (line.startsWith("START ")) {
          synchronized (started) {
            started.putIfAbsent(line.substring(6), System.nanoTime());
          }
        } else if (line.equals("READY")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  public String name() {
    return name;
  }

  /** Waits until the worker runs; fails with its log if it does not within {@code timeout}. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not start within " + timeout + (process.isAlive() ? "" : " (exited "
          + process.exitValue() + ")") + "; log: " + tail());
    }
  }

  /** Ids of the tasks whose handler this worker started. */
  public Set<String> started() {
    synchronized (started) {
      return new LinkedHashSet<>(started.keySet());
    }
  }

  /** Ids of the tasks whose handler start was reported within the last {@code window}. */
  public Set<String> startedWithin(Duration window) {
    long since = System.nanoTime() - window.toNanos();
    Set<String> recent = new LinkedHashSet<>();
    synchronized (started) {
      started.forEach((id, at) -> {
        if (at - since >= 0) {
          recent.add(id);
        }
      });
    }
    return recent;
  }

  /** The history events received so far. */
  public List<HistoryEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** SIGKILL; returns the exit code (137 = killed by signal 9). */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
    }
    reader.join(5_000); // every line written before the kill has been read
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temp file
    }
  }
}
