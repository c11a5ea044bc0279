package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.ConformanceProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The generated-sequence property: for many seeds, generate a sequence of operations, run it on
 * the broker under test and on the reference model, and demand that every outcome, every
 * invariant and the whole admin view agree after every step, and that the recorded history is
 * clean. The first failing seed is shrunk, printed with its seed, and written to
 * {@code target/taskbed-conformance/}; {@code -Dtaskbed.seed=<seed>} replays it exactly.
 */
public final class ModelBasedProperty {
  private ModelBasedProperty() {}

  /** Runs {@code profile.sequences()} sequences of {@code workload} (or only the replay seed). */
  public static PropertyResult check(BrokerFactory factory, Workload workload, ConformanceProfile profile) {
    String property = "generated sequences, workload " + workload;
    long started = System.nanoTime();
    SequenceExecutor executor = new SequenceExecutor(factory);
    long master = profile.masterSeed().orElseGet(() -> new SplittableRandom().nextLong());
    SplittableRandom seeds = new SplittableRandom(master);
    // A workload of long chains runs fewer, longer sequences for the same number of steps.
    int cases = profile.replaySeed().isPresent() ? 1 : Math.max(1, profile.sequences() / workload.lengthFactor());
    int steps = profile.steps() * workload.lengthFactor();
    long operations = 0;
    long reads = 0;
    for (int i = 0; i < cases; i++) {
      long seed = profile.replaySeed().orElseGet(seeds::nextLong);
      OpGenerator.Sequence sequence = OpGenerator.generate(seed, steps, workload);
      SequenceExecutor.Execution run = executor.run(sequence, false);
      operations += run.calls();
      reads += run.reads();
      if (run.failed()) {
        PropertyFailure failure = explain(property, executor, sequence, run.failure(), profile, master);
        return new PropertyResult(property, i + 1, operations, reads, Duration.ofNanos(System.nanoTime() - started),
            Optional.of(failure));
      }
    }
    return new PropertyResult(property, cases, operations, reads, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
  }

  private static PropertyFailure explain(String property, SequenceExecutor executor, OpGenerator.Sequence sequence,
      SequenceExecutor.Failure failure, ConformanceProfile profile, long master) {
    Shrinker.Shrunk shrunk = new Shrinker(executor, profile.shrinkRuns()).shrink(sequence, failure);
    SequenceExecutor.Execution replay = executor.run(shrunk.sequence(), true);
    SequenceExecutor.Failure shown = replay.failed() ? replay.failure() : shrunk.failure();
    List<String> steps = replay.trace().stream().filter(l -> !l.startsWith("       ")).toList();
    StringBuilder report = new StringBuilder()
        .append("Taskbed conformance: ").append(property).append(" FAILED\n")
        .append("  ").append(shown.category()).append(" at step ").append(shown.step() + 1).append('\n')
        .append("  seed ").append(sequence.seed())
        .append(profile.replaySeed().isPresent() ? " (replayed" : " (master seed " + master).append(", profile ")
        .append(profile).append(")\n")
        .append("  replay exactly: -Dtaskbed.seed=").append(sequence.seed()).append(" -Dtaskbed.conformance.steps=")
        .append(profile.steps()).append('\n')
        .append("  broker policy: ").append(sequence.policy()).append('\n')
        .append("  shrunk from ").append(sequence.ops().size()).append(" to ").append(shrunk.sequence().ops().size())
        .append(" steps in ").append(shrunk.runs()).append(" runs; minimal sequence as run:\n");
    replay.trace().forEach(l -> report.append("  ").append(l).append('\n'));
    if (!replay.failed()) {
      report.append("  (the replay did not fail again: the broker is not deterministic; last failure: ")
          .append(shown.message()).append(")\n");
    }
    String name = "sequence-" + sequence.workload() + "-seed-" + sequence.seed() + ".txt";
    return new PropertyFailure(property, sequence.seed(), sequence.ops().size(), steps,
        shown.category() + " at step " + (shown.step() + 1) + ": " + shown.message(), shrunk.runs(), report.toString(),
        FailureReports.write(name, report.toString()));
  }
}
