package dev.taskbed.simulator.config;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.simulator.config.ScenarioFile.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link Scenario} from layered settings: the defaults in {@code scenarios/email.conf}
 * (the one place every default is written down and commented), then an optional scenario file,
 * then command-line overrides.
 *
 * <p>Layering: plain keys ({@code seed}, {@code run.*}, {@code workers.*}) override one by one. A
 * scenario file that defines any named entry of a group ({@code task.<kind>.*},
 * {@code producer.<name>.*}, {@code fault.<name>.*}) replaces all of that group's named entries,
 * so a file describes its own workload instead of adding to the e-mail one; {@code *} entries
 * (e.g. {@code task.*.latency}) are the defaults of every entry of their group and override one
 * by one. Command-line overrides always patch, never replace a group.
 *
 * <p>Everything is validated here, and every rejection names the key, the value and where it was
 * written.
 */
public final class ScenarioLoader {
  /** The resource holding the default scenario and the documentation of every key. */
  public static final String DEFAULTS_RESOURCE = "/scenarios/email.conf";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)/(s|m|h)");
  private static final Pattern FUNCTION = Pattern.compile("([a-z]+)\\((.*)\\)");
  private static final List<String> GROUPS = List.of("task", "producer", "fault");
  private static final Set<String> PLAIN_KEYS = Set.of(
      "name", "seed", "run.duration", "run.max-tasks", "run.drain-timeout", "run.sample-interval",
      "workers.servers", "workers.concurrency", "workers.queues", "workers.strict-priority", "workers.lease",
      "workers.heartbeat", "workers.forward-interval", "workers.recover-interval", "workers.recovery-delay",
      "workers.max-poll-interval", "workers.shutdown-timeout", "workers.retry-delay");
  private static final Map<String, Set<String>> GROUP_ATTRIBUTES = Map.of(
      "task", Set.of("type", "queue", "latency", "failure-rate", "max-retry", "timeout", "delay", "delayed-fraction",
          "unique-for", "unique-keys", "payload-bytes"),
      "producer", Set.of("rate", "mix"),
      "fault", Set.of("kind", "target", "at", "duration", "every"));

  private final Map<String, Setting> effective = new LinkedHashMap<>();

  private ScenarioLoader(ScenarioFile defaults) {
    for (Setting s : defaults.settings().values()) {
      checkKnown(s);
      effective.put(s.key(), s);
    }
  }

  /** A loader holding the defaults from {@link #DEFAULTS_RESOURCE}. */
  public static ScenarioLoader withDefaults() {
    return new ScenarioLoader(ScenarioFile.parse("email.conf", readDefaults()));
  }

  /** The text of the defaults file, as shipped. */
  public static String readDefaults() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DEFAULTS_RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lays a scenario over the defaults: the file at {@code pathOrName} if there is one, else the
   * built-in scenario of that name ({@code scenarios/<name>.conf} on the class path, e.g.
   * {@code realtime}).
   */
  public ScenarioLoader overlayFileOrBuiltIn(String pathOrName) {
    Path path = Path.of(pathOrName);
    if (!Files.exists(path) && pathOrName.matches("[a-z0-9-]+")) {
      try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + pathOrName + ".conf")) {
        if (in != null) {
          return overlay(ScenarioFile.parse(pathOrName + ".conf", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return overlayFile(path);
  }

  /** Lays a scenario file over the defaults (see the class comment for how groups are replaced). */
  public ScenarioLoader overlayFile(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ScenarioException("--scenario", "scenario file not found: " + path
          + " (built-in scenarios: email, the default, and realtime)");
    } catch (IOException e) {
      throw new ScenarioException("--scenario", "cannot read scenario file " + path + ": " + e.getMessage());
    }
    return overlay(ScenarioFile.parse(path.getFileName().toString(), text));
  }

  /** Lays {@code file} over what is loaded so far. */
  public ScenarioLoader overlay(ScenarioFile file) {
    Set<String> replaced = new LinkedHashSet<>();
    for (Setting s : file.settings().values()) {
      checkKnown(s);
      String[] parts = s.key().split("\\.", 3);
      if (GROUPS.contains(parts[0]) && !parts[1].equals("*")) {
        replaced.add(parts[0]);
      }
    }
    effective.values().removeIf(s -> {
      String[] parts = s.key().split("\\.", 3);
      return replaced.contains(parts[0]) && !parts[1].equals("*");
    });
    file.settings().values().forEach(s -> effective.put(s.key(), s));
    return this;
  }

  /** Applies one {@code key=value} override from the command line; never replaces a group. */
  public ScenarioLoader override(String key, String value) {
    Setting s = new Setting(key.strip(), value.strip(), "command line");
    checkKnown(s);
    effective.put(s.key(), s);
    return this;
  }

  /** Validates everything and builds the scenario. */
  public Scenario load() {
    String name = text("name");
    long seed = longValue("seed", Long.MIN_VALUE);
    RunSpec run = new RunSpec(
        positiveDuration("run.duration"),
        longValue("run.max-tasks", 0),
        duration("run.drain-timeout"),
        positiveDuration("run.sample-interval"));

    Map<String, Integer> queues = weights("workers.queues", true);
    WorkerFleetSpec workers = new WorkerFleetSpec(
        intValue("workers.servers", 1),
        intValue("workers.concurrency", 1),
        queues,
        bool("workers.strict-priority"),
        positiveDuration("workers.lease"),
        positiveDuration("workers.heartbeat"),
        positiveDuration("workers.forward-interval"),
        positiveDuration("workers.recover-interval"),
        duration("workers.recovery-delay"),
        positiveDuration("workers.max-poll-interval"),
        duration("workers.shutdown-timeout"),
        text("workers.retry-delay").equals("default") ? null : distribution("workers.retry-delay"));
    if (workers.heartbeat().multipliedBy(2).compareTo(workers.lease()) >= 0) {
      throw invalid("workers.heartbeat", "must be less than half of workers.lease (" + Durations.format(workers.lease())
          + "), or a single late heartbeat loses the lease");
    }
    try {
      workers.toWorkerConfig();
    } catch (InvalidOptionException e) {
      throw new ScenarioException("workers", "invalid worker settings: " + e.getMessage());
    }

    List<TaskKind> tasks = new ArrayList<>();
    for (String kind : names("task")) {
      String p = "task." + kind + ".";
      String queue = groupText(p, "queue");
      if (!queues.containsKey(queue)) {
        throw invalid(p + "queue", "no worker serves this queue; workers.queues lists " + queues.keySet());
      }
      tasks.add(new TaskKind(kind,
          groupText(p, "type"),
          queue,
          groupDistribution(p, "latency"),
          groupFraction(p, "failure-rate"),
          groupInt(p, "max-retry", 0),
          groupPositiveDuration(p, "timeout"),
          groupDistribution(p, "delay"),
          groupFraction(p, "delayed-fraction"),
          groupDuration(p, "unique-for"),
          groupInt(p, "unique-keys", 0),
          groupInt(p, "payload-bytes", 0)));
    }
    if (tasks.isEmpty()) {
      throw new ScenarioException("task", "the scenario defines no task kind (task.<kind>.type = ...)");
    }

    List<ProducerSpec> producers = new ArrayList<>();
    for (String producer : names("producer")) {
      String p = "producer." + producer + ".";
      double rate = groupRate(p, "rate");
      Map<String, Integer> mix = groupWeights(p, "mix");
      for (String kind : mix.keySet()) {
        if (tasks.stream().noneMatch(t -> t.name().equals(kind))) {
          throw invalid(p + "mix", "no task kind named " + kind);
        }
      }
      producers.add(new ProducerSpec(producer, rate, mix));
    }
    if (producers.isEmpty()) {
      throw new ScenarioException("producer", "the scenario defines no producer (producer.<name>.rate = ...)");
    }

    List<FaultSpec> faults = new ArrayList<>();
    for (String fault : names("fault")) {
      String p = "fault." + fault + ".";
      FaultKind kind = FaultKind.parseOrNull(groupText(p, "kind"));
      if (kind == null) {
        throw invalid(p + "kind", "expected one of " + FaultKind.choices());
      }
      String target = setting(groupKey(p, "target")).value();
      switch (kind.target()) {
        case WORKER:
          if (!target.matches("worker-\\d+") || Integer.parseInt(target.substring(7)) < 1
              || Integer.parseInt(target.substring(7)) > workers.servers()) {
            throw invalid(p + "target", "expected a worker, worker-1 to worker-" + workers.servers());
          }
          break;
        case QUEUE:
          if (!queues.containsKey(target)) {
            throw invalid(p + "target", "expected a served queue, one of " + queues.keySet());
          }
          break;
        default:
          break;
      }
      Duration duration = groupPositiveDuration(p, "duration");
      Duration every = groupDuration(p, "every");
      if (!every.isZero() && every.compareTo(duration) <= 0) {
        throw invalid(p + "every", "must be 0 (once) or longer than the fault's duration " + Durations.format(duration));
      }
      faults.add(new FaultSpec(fault, kind, target, groupDuration(p, "at"), duration, every));
    }

    Map<String, String> settings = new TreeMap<>();
    effective.values().forEach(s -> settings.put(s.key(), s.value()));
    return new Scenario(name, seed, run, workers, tasks, producers, faults, settings);
  }

  // ---------------------------------------------------------------- key checks

  private static void checkKnown(Setting s) {
    String key = s.key();
    if (PLAIN_KEYS.contains(key)) {
      return;
    }
    String[] parts = key.split("\\.", -1);
    Set<String> attributes = GROUP_ATTRIBUTES.get(parts[0]);
    if (attributes == null || parts.length != 3) {
      throw new ScenarioException(key, "unknown key " + key + " (" + s.origin() + "); keys are "
          + new TreeSet<>(PLAIN_KEYS) + " and task.<kind>.*, producer.<name>.*, fault.<name>.*");
    }
    if (!parts[1].equals("*") && !NAME.matcher(parts[1]).matches()) {
      throw new ScenarioException(key, "invalid name \"" + parts[1] + "\" in key " + key + " (" + s.origin()
          + "): use lower-case letters, digits, - and _");
    }
    if (!attributes.contains(parts[2])) {
      throw new ScenarioException(key, "unknown key " + key + " (" + s.origin() + "); a " + parts[0]
          + " has " + new TreeSet<>(attributes));
    }
  }

  /** Named entries of a group, in the order they first appear. */
  private List<String> names(String group) {
    Set<String> names = new LinkedHashSet<>();
    for (String key : effective.keySet()) {
      String[] parts = key.split("\\.", 3);
      if (parts[0].equals(group) && parts.length == 3 && !parts[1].equals("*")) {
        names.add(parts[1]);
      }
    }
    return List.copyOf(names);
  }

  // ---------------------------------------------------------------- typed values

  private Setting setting(String key) {
    Setting s = effective.get(key);
    if (s == null) {
      throw new ScenarioException(key, "missing key " + key + " (its default belongs in " + DEFAULTS_RESOURCE + ")");
    }
    return s;
  }

  /** An entry's own setting, else its group's {@code *} default. */
  private String groupKey(String prefix, String attribute) {
    String own = prefix + attribute;
    if (effective.containsKey(own)) {
      return own;
    }
    String group = prefix.substring(0, prefix.indexOf('.'));
    String fallback = group + ".*." + attribute;
    if (effective.containsKey(fallback)) {
      return fallback;
    }
    throw new ScenarioException(own, "missing key " + own + " (and no default " + fallback + ")");
  }

  private ScenarioException invalid(String key, String problem) {
    Setting s = setting(key);
    return new ScenarioException(key, "invalid " + key + " = \"" + s.value() + "\" (" + s.origin() + "): " + problem);
  }

  private String text(String key) {
    String v = setting(key).value();
    if (v.isEmpty()) {
      throw invalid(key, "must not be empty");
    }
    return v;
  }

  private long longValue(String key, long min) {
    try {
      long v = Long.parseLong(text(key));
      if (v < min) {
        throw invalid(key, "must be >= " + min);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, "expected a whole number");
    }
  }

  private int intValue(String key, int min) {
    long v = longValue(key, min);
    if (v > Integer.MAX_VALUE) {
      throw invalid(key, "too large");
    }
    return (int) v;
  }

  private boolean bool(String key) {
    String v = text(key);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw invalid(key, "expected true or false");
  }

  private Duration duration(String key) {
    Duration d = Durations.parseOrNull(text(key));
    if (d == null) {
      throw invalid(key, "expected a duration like 0, 250ms, 30s, 5m, 2h or 1d");
    }
    return d;
  }

  private Duration positiveDuration(String key) {
    Duration d = duration(key);
    if (d.isZero()) {
      throw invalid(key, "must be longer than 0");
    }
    return d;
  }

  private double fraction(String key) {
    try {
      double v = Double.parseDouble(text(key));
      if (!(v >= 0 && v <= 1)) {
        throw invalid(key, "must be between 0 and 1");
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, "expected a number between 0 and 1");
    }
  }

  private double rate(String key) {
    Matcher m = RATE.matcher(text(key));
    if (!m.matches()) {
      throw invalid(key, "expected a rate like 20/s, 300/m or 1000/h");
    }
    double n = Double.parseDouble(m.group(1));
    double perSecond = m.group(2).equals("s") ? n : m.group(2).equals("m") ? n / 60 : n / 3600;
    if (perSecond <= 0) {
      throw invalid(key, "must be more than 0");
    }
    return perSecond;
  }

  private Map<String, Integer> weights(String key, boolean queueNames) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String item : text(key).split(",")) {
      String[] kv = item.strip().split(":");
      String name = kv[0].strip();
      if (kv.length != 2 || name.isEmpty()) {
        throw invalid(key, "expected name:weight items separated by commas, e.g. critical:6, default:3");
      }
      int weight;
      try {
        weight = Integer.parseInt(kv[1].strip());
      } catch (NumberFormatException e) {
        throw invalid(key, "weight of " + name + " is not a whole number");
      }
      if (weight < 1) {
        throw invalid(key, "weight of " + name + " must be >= 1");
      }
      if (queueNames && !name.matches("[A-Za-z0-9_.:-]{1,64}")) {
        throw invalid(key, "invalid queue name " + name);
      }
      if (out.put(name, weight) != null) {
        throw invalid(key, name + " is listed twice");
      }
    }
    return out;
  }

  private Distribution distribution(String key) {
    String v = text(key);
    Duration constant = Durations.parseOrNull(v);
    if (constant != null) {
      return new Distribution.Constant(constant);
    }
    Matcher m = FUNCTION.matcher(v);
    String hint = "expected a duration (150ms), uniform(min, max), exponential(mean) or lognormal(median, sigma)";
    if (!m.matches()) {
      throw invalid(key, hint);
    }
    String[] args = m.group(2).split(",");
    switch (m.group(1)) {
      case "uniform": {
        Duration min = args.length == 2 ? Durations.parseOrNull(args[0]) : null;
        Duration max = args.length == 2 ? Durations.parseOrNull(args[1]) : null;
        if (min == null || max == null) {
          throw invalid(key, "expected uniform(min, max) with two durations");
        }
        if (min.compareTo(max) > 0) {
          throw invalid(key, "min must not exceed max");
        }
        return new Distribution.Uniform(min, max);
      }
      case "exponential": {
        Duration mean = args.length == 1 ? Durations.parseOrNull(args[0]) : null;
        if (mean == null) {
          throw invalid(key, "expected exponential(mean) with one duration");
        }
        return new Distribution.Exponential(mean);
      }
      case "lognormal": {
        Duration median = args.length == 2 ? Durations.parseOrNull(args[0]) : null;
        double sigma;
        try {
          sigma = args.length == 2 ? Double.parseDouble(args[1].strip()) : -1;
        } catch (NumberFormatException e) {
          sigma = -1;
        }
        if (median == null || !(sigma >= 0 && sigma <= 5)) {
          throw invalid(key, "expected lognormal(median, sigma) with a duration and a sigma between 0 and 5");
        }
        return new Distribution.LogNormal(median, sigma);
      }
      default:
        throw invalid(key, hint);
    }
  }

  private String groupText(String prefix, String attribute) {
    return text(groupKey(prefix, attribute));
  }

  private int groupInt(String prefix, String attribute, int min) {
    return intValue(groupKey(prefix, attribute), min);
  }

  private double groupFraction(String prefix, String attribute) {
    return fraction(groupKey(prefix, attribute));
  }

  private double groupRate(String prefix, String attribute) {
    return rate(groupKey(prefix, attribute));
  }

  private Duration groupDuration(String prefix, String attribute) {
    return duration(groupKey(prefix, attribute));
  }

  private Duration groupPositiveDuration(String prefix, String attribute) {
    return positiveDuration(groupKey(prefix, attribute));
  }

  private Distribution groupDistribution(String prefix, String attribute) {
    return distribution(groupKey(prefix, attribute));
  }

  private Map<String, Integer> groupWeights(String prefix, String attribute) {
    return weights(groupKey(prefix, attribute), false);
  }

}
