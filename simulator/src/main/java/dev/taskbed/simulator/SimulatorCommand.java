package dev.taskbed.simulator;

import dev.taskbed.simulator.backend.Backend;
import dev.taskbed.simulator.backend.BackendFactory;
import dev.taskbed.simulator.backend.BackendOptions;
import dev.taskbed.simulator.backend.BackendUnavailableException;
import dev.taskbed.simulator.backend.Backends;
import dev.taskbed.simulator.backend.BrokerDefect;
import dev.taskbed.simulator.config.Scenario;
import dev.taskbed.simulator.config.ScenarioException;
import dev.taskbed.simulator.config.ScenarioLoader;
import dev.taskbed.simulator.report.HtmlReport;
import dev.taskbed.simulator.report.JsonReport;
import dev.taskbed.simulator.report.ProgressBar;
import dev.taskbed.simulator.report.RunReport;
import dev.taskbed.simulator.report.TerminalSummary;
import dev.taskbed.simulator.run.Clockwork;
import dev.taskbed.simulator.run.ProgressListener;
import dev.taskbed.simulator.run.Simulation;
import dev.taskbed.simulator.verdict.Checkers;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./simulate}: runs a scenario against a backend, prints a summary with the history
 * checker's verdict, writes {@code report.json} and {@code report.html}, and exits non-zero when a
 * guarantee was broken.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    version = "taskbed-simulator 0.1.0-SNAPSHOT",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Runs a seeded task-queue workload with scheduled faults against a Taskbed backend, then judges the "
            + "recorded history: lost, duplicated, stale writes accepted, early deliveries.",
        "",
        "With no options: the e-mail scenario (scenarios/email.conf) on the embedded in-memory backend in "
            + "deterministic mode (virtual time): the same seed gives byte-identical reports.",
        ""},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:every guarantee held",
        "1:the history checker found a broken guarantee",
        "2:invalid option or scenario",
        "3:backend unreachable or not available",
        "4:tasks still unfinished when run.drain-timeout ran out"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ./simulate                                    the default run",
        "  ./simulate --seed 7 --duration 24h            a simulated e-mail day",
        "  ./simulate --scenario my.conf --set workers.servers=5",
        "  ./simulate --backend redis-jedis --redis redis://127.0.0.1:6379/15 --scenario realtime",
        "  ./simulate --backend redis-redisson --redis redis://127.0.0.1:6379/15 --scenario realtime --toxiproxy http://127.0.0.1:8474",
        "  ./simulate --print-default-scenario > my.conf"})
public final class SimulatorCommand implements Callable<Integer> {

  @Option(names = "--scenario", paramLabel = "FILE|NAME",
      description = "Scenario file laid over the defaults (see --print-default-scenario), or a built-in one: "
          + "realtime (compressed timing for Redis runs).")
  String scenarioFile;

  @Option(names = "--seed", paramLabel = "N", description = "Seed for every random choice (default: the scenario's, 1).")
  Long seed;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "How long producers run, e.g. 10m or 24h (default: the scenario's run.duration, 30m). "
          + "The history is kept in memory: a simulated e-mail day needs a heap of about 12 GB.")
  String duration;

  @Option(names = "--tasks", paramLabel = "N", description = "Stop producing after N enqueues (run.max-tasks).")
  Long tasks;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one scenario key; repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "inmemory",
      description = "inmemory (deterministic), redis-jedis or redis-redisson (real time). Default: ${DEFAULT-VALUE}.")
  String backendName;

  @Option(names = "--redis", paramLabel = "URI", description = "Redis for the redis-* backends, e.g. redis://127.0.0.1:6379.")
  String redisUri;

  @Option(names = "--toxiproxy", paramLabel = "URI",
      description = "Toxiproxy API for proxy-down / proxy-latency faults against Redis, e.g. http://127.0.0.1:8474.")
  String toxiproxyUri;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/simulation",
      description = "Directory for report.json and report.html. Default: ${DEFAULT-VALUE}.")
  Path outDir;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar (default: only when standard output is a terminal).")
  Boolean progress;

  @Option(names = "--defect", paramLabel = "NAME",
      description = "Plant a broker bug as a negative control: lose-acked-enqueue, duplicate-delivery or fast-lease-clock. "
          + "The run must then fail.")
  String defect;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "error",
      description = "Runtime log level on standard error: error, warn, info, debug. Default: ${DEFAULT-VALUE} "
          + "(faults make the runtime warn a lot, by design).")
  String logLevel;

  @Option(names = "--print-default-scenario", description = "Print the default scenario file, with every key documented, and exit.")
  boolean printDefaults;

  private final PrintWriter out;
  private final PrintWriter err;

  public SimulatorCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command and returns its exit status (tests call this instead of {@link #main}). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new SimulatorCommand(out, err));
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCode.BAD_INPUT : 1);
    cmd.setParameterExceptionHandler((e, a) -> {
      err.println("simulate: " + e.getMessage());
      err.println("Try ./simulate --help");
      return ExitCode.BAD_INPUT;
    });
    return cmd.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (printDefaults) {
      out.print(ScenarioLoader.readDefaults());
      out.flush();
      return ExitCode.OK;
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
    }
    Scenario scenario;
    BackendFactory factory;
    BrokerDefect plantedDefect;
    try {
      scenario = loadScenario();
      factory = Backends.named(backendName);
      plantedDefect = defect == null ? null : BrokerDefect.parse(defect);
      if (redisUri != null && !backendName.startsWith("redis")) {
        throw new IllegalArgumentException("--redis is only for the redis-* backends, not " + backendName);
      }
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }

    Clockwork clockwork = factory.supportsVirtualTime()
        ? Clockwork.virtual(Simulation.environmentSeed(scenario.seed()))
        : Clockwork.realTime(Simulation.environmentSeed(scenario.seed()));
    Backend backend;
    try {
      backend = factory.open(new BackendOptions(clockwork.environment().clock(), uri("--redis", redisUri),
          uri("--toxiproxy", toxiproxyUri)));
    } catch (BackendUnavailableException e) {
      err.println("simulate: " + e.getMessage());
      return ExitCode.BACKEND_UNAVAILABLE;
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }

    boolean showProgress = progress != null ? progress : System.console() != null;
    ProgressBar bar = showProgress ? new ProgressBar(System.out) : null;
    long wallStart = System.nanoTime();
    long[] judgingStart = {0};
    ProgressListener listener = (phase, elapsed, planned, completed) -> {
      if (phase.equals("judging") && judgingStart[0] == 0) {
        judgingStart[0] = System.nanoTime();
      }
      if (bar != null) {
        bar.update(phase, elapsed, planned, completed);
      }
    };
    RunReport report;
    try (backend) {
      Simulation simulation;
      try {
        simulation = new Simulation(scenario, backend, clockwork, Checkers.forRun(clockwork.isVirtual()), plantedDefect);
      } catch (ScenarioException e) {
        err.println("simulate: " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
      report = simulation.run(listener);
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
    long wallEnd = System.nanoTime();
    Duration wall = Duration.ofNanos(wallEnd - wallStart);
    Duration judging = Duration.ofNanos(judgingStart[0] == 0 ? 0 : wallEnd - judgingStart[0]);

    Files.createDirectories(outDir);
    Path json = outDir.resolve("report.json");
    Path html = outDir.resolve("report.html");
    Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
    Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
    out.print(TerminalSummary.render(report, wall, judging, json + ", " + html));
    out.flush();
    if (report.verdict().failed()) {
      return ExitCode.GUARANTEE_BROKEN;
    }
    return report.drained() ? ExitCode.OK : ExitCode.NOT_DRAINED;
  }

  private Scenario loadScenario() {
    ScenarioLoader loader = ScenarioLoader.withDefaults();
    if (scenarioFile != null) {
      loader.overlayFileOrBuiltIn(scenarioFile);
    }
    if (seed != null) {
      loader.override("seed", Long.toString(seed));
    }
    if (duration != null) {
      loader.override("run.duration", duration);
    }
    if (tasks != null) {
      loader.override("run.max-tasks", Long.toString(tasks));
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ScenarioException("--set", "invalid --set \"" + o + "\": expected KEY=VALUE");
      }
      loader.override(o.substring(0, eq), o.substring(eq + 1));
    }
    return loader.load();
  }

  private static URI uri(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid " + option + " \"" + text + "\": " + e.getMessage());
    }
  }
}
