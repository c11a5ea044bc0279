package dev.taskbed.conformance;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * How hard the generated properties work, from system properties. Immutable.
 *
 * <table>
 *   <caption>System properties</caption>
 *   <tr><th>property</th><th>meaning</th><th>ci</th><th>deep</th></tr>
 *   <tr><td>{@code taskbed.conformance.profile}</td><td>{@code ci} or {@code deep}</td><td colspan="2">default {@code ci}</td></tr>
 *   <tr><td>{@code taskbed.conformance.sequences}</td><td>sequences per workload</td><td>{@value #CI_SEQUENCES}</td><td>{@value #DEEP_SEQUENCES}</td></tr>
 *   <tr><td>{@code taskbed.conformance.steps}</td><td>operations per sequence</td><td>{@value #CI_STEPS}</td><td>{@value #DEEP_STEPS}</td></tr>
 *   <tr><td>{@code taskbed.conformance.concurrentRuns}</td><td>runs per concurrency property</td><td>{@value #CI_CONCURRENT_RUNS}</td><td>{@value #DEEP_CONCURRENT_RUNS}</td></tr>
 *   <tr><td>{@code taskbed.conformance.rounds}</td><td>rounds per concurrent run</td><td>{@value #CI_ROUNDS}</td><td>{@value #DEEP_ROUNDS}</td></tr>
 *   <tr><td>{@code taskbed.conformance.threads}</td><td>client threads per concurrent run</td><td colspan="2">{@value #DEFAULT_THREADS}</td></tr>
 *   <tr><td>{@code taskbed.conformance.shrinkRuns}</td><td>most re-runs spent shrinking a failure</td><td colspan="2">{@value #DEFAULT_SHRINK_RUNS}</td></tr>
 *   <tr><td>{@code taskbed.seed}</td><td>replay exactly this sequence or run seed</td><td colspan="2">unset: seeds drawn from a random master seed</td></tr>
 *   <tr><td>{@code taskbed.conformance.masterSeed}</td><td>fix the master seed</td><td colspan="2">unset: random, printed</td></tr>
 * </table>
 *
 * The CI profile is sized for a Redis backend to finish the whole suite in a minute or two (each
 * operation is a round trip); the deep profile is for nightly runs and hunting.
 */
public final class ConformanceProfile {
  public static final int CI_SEQUENCES = 25;
  public static final int CI_STEPS = 60;
  public static final int CI_CONCURRENT_RUNS = 4;
  public static final int CI_ROUNDS = 60;
  public static final int DEEP_SEQUENCES = 1_000;
  public static final int DEEP_STEPS = 150;
  public static final int DEEP_CONCURRENT_RUNS = 40;
  public static final int DEEP_ROUNDS = 400;
  public static final int DEFAULT_THREADS = 4;
  public static final int DEFAULT_SHRINK_RUNS = 3_000;

  private final String name;
  private final int sequences;
  private final int steps;
  private final int concurrentRuns;
  private final int rounds;
  private final int threads;
  private final int shrinkRuns;
  private final Long replaySeed;
  private final Long masterSeed;

  private ConformanceProfile(String name, int sequences, int steps, int concurrentRuns, int rounds, int threads,
      int shrinkRuns, Long replaySeed, Long masterSeed) {
    this.name = name;
    this.sequences = positive("sequences", sequences);
    this.steps = positive("steps", steps);
    this.concurrentRuns = positive("concurrentRuns", concurrentRuns);
    this.rounds = positive("rounds", rounds);
    this.threads = Math.max(2, positive("threads", threads));
    this.shrinkRuns = positive("shrinkRuns", shrinkRuns);
    this.replaySeed = replaySeed;
    this.masterSeed = masterSeed;
  }

  /** The cheap default. */
  public static ConformanceProfile ci() {
    return new ConformanceProfile("ci", CI_SEQUENCES, CI_STEPS, CI_CONCURRENT_RUNS, CI_ROUNDS, DEFAULT_THREADS,
        DEFAULT_SHRINK_RUNS, null, null);
  }

  /** The long-running profile. */
  public static ConformanceProfile deep() {
    return new ConformanceProfile("deep", DEEP_SEQUENCES, DEEP_STEPS, DEEP_CONCURRENT_RUNS, DEEP_ROUNDS, DEFAULT_THREADS,
        DEFAULT_SHRINK_RUNS, null, null);
  }

  /** The profile the system properties ask for (see the class documentation). */
  public static ConformanceProfile fromSystemProperties() {
    String profile = System.getProperty("taskbed.conformance.profile", "ci").trim().toLowerCase(Locale.ROOT);
    ConformanceProfile base = switch (profile) {
      case "ci" -> ci();
      case "deep" -> deep();
      default -> throw new IllegalArgumentException("taskbed.conformance.profile must be ci or deep: " + profile);
    };
    return new ConformanceProfile(base.name,
        intProperty("taskbed.conformance.sequences", base.sequences),
        intProperty("taskbed.conformance.steps", base.steps),
        intProperty("taskbed.conformance.concurrentRuns", base.concurrentRuns),
        intProperty("taskbed.conformance.rounds", base.rounds),
        intProperty("taskbed.conformance.threads", base.threads),
        intProperty("taskbed.conformance.shrinkRuns", base.shrinkRuns),
        longProperty("taskbed.seed"),
        longProperty("taskbed.conformance.masterSeed"));
  }

  public ConformanceProfile withSequences(int n) {
    return new ConformanceProfile(name, n, steps, concurrentRuns, rounds, threads, shrinkRuns, replaySeed, masterSeed);
  }

  public ConformanceProfile withSteps(int n) {
    return new ConformanceProfile(name, sequences, n, concurrentRuns, rounds, threads, shrinkRuns, replaySeed, masterSeed);
  }

  public ConformanceProfile withConcurrentRuns(int n) {
    return new ConformanceProfile(name, sequences, steps, n, rounds, threads, shrinkRuns, replaySeed, masterSeed);
  }

  public ConformanceProfile withRounds(int n) {
    return new ConformanceProfile(name, sequences, steps, concurrentRuns, n, threads, shrinkRuns, replaySeed, masterSeed);
  }

  public ConformanceProfile withMasterSeed(long seed) {
    return new ConformanceProfile(name, sequences, steps, concurrentRuns, rounds, threads, shrinkRuns, replaySeed, seed);
  }

  public ConformanceProfile withReplaySeed(long seed) {
    return new ConformanceProfile(name, sequences, steps, concurrentRuns, rounds, threads, shrinkRuns, seed, masterSeed);
  }

  public String name() {
    return name;
  }

  public int sequences() {
    return sequences;
  }

  public int steps() {
    return steps;
  }

  public int concurrentRuns() {
    return concurrentRuns;
  }

  public int rounds() {
    return rounds;
  }

  public int threads() {
    return threads;
  }

  public int shrinkRuns() {
    return shrinkRuns;
  }

  /** The one seed to replay, if {@code taskbed.seed} is set. */
  public OptionalLong replaySeed() {
    return replaySeed == null ? OptionalLong.empty() : OptionalLong.of(replaySeed);
  }

  /** The fixed master seed, if set. */
  public OptionalLong masterSeed() {
    return masterSeed == null ? OptionalLong.empty() : OptionalLong.of(masterSeed);
  }

  /** The system properties that reproduce this profile's sizes (for replay instructions). */
  public String replayProperties(long seed) {
    return "-Dtaskbed.seed=" + seed + " -Dtaskbed.conformance.steps=" + steps + " -Dtaskbed.conformance.rounds=" + rounds
        + " -Dtaskbed.conformance.threads=" + threads;
  }

  @Override
  public String toString() {
    return name + "(sequences=" + sequences + ", steps=" + steps + ", concurrentRuns=" + concurrentRuns
        + ", rounds=" + rounds + ", threads=" + threads + ")";
  }

  private static int positive(String what, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be >= 1: " + n);
    }
    return n;
  }

  private static int intProperty(String key, int fallback) {
    String v = System.getProperty(key);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
  }

  private static Long longProperty(String key) {
    String v = System.getProperty(key);
    return v == null || v.isBlank() ? null : Long.valueOf(v.trim());
  }
}
