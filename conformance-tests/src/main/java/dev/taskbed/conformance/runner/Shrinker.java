package dev.taskbed.conformance.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing sequence by delta debugging, re-running every candidate from a fresh broker:
 * first drop chunks of steps (halves, quarters, ... single steps), then simplify the remaining
 * steps' values one at a time, and repeat until nothing more can go or the run budget is spent.
 * When that stalls, every symbolic step is replaced by the literal call it made (the same calls,
 * so the run still fails), which frees the steps a reference depended on to go too. A candidate is
 * kept if it still fails, in any way: every failure is a contract violation.
 */
final class Shrinker {
  private final SequenceExecutor executor;
  private final int maxRuns;
  private int runs;

  Shrinker(SequenceExecutor executor, int maxRuns) {
    this.executor = executor;
    this.maxRuns = maxRuns;
  }

  /** The smallest failing sequence found and its failure. */
  record Shrunk(OpGenerator.Sequence sequence, SequenceExecutor.Failure failure, int runs) {}

  Shrunk shrink(OpGenerator.Sequence failing, SequenceExecutor.Failure failure) {
    OpGenerator.Sequence best = truncate(failing, failure);
    SequenceExecutor.Failure bestFailure = failure;
    boolean progress = true;
    boolean literal = false;
    while (progress && runs < maxRuns) {
      progress = false;
      for (int chunk = Math.max(1, best.ops().size() / 2); chunk >= 1 && runs < maxRuns; chunk /= 2) {
        int i = 0;
        while (i < best.ops().size() && runs < maxRuns) {
          List<Op> fewer = new ArrayList<>(best.ops());
          fewer.subList(i, Math.min(i + chunk, fewer.size())).clear();
          SequenceExecutor.Failure f = attempt(best.withOps(fewer));
          if (f != null) {
            best = truncate(best.withOps(fewer), f);
            bestFailure = f;
            progress = true;
          } else {
            i += chunk;
          }
        }
        if (chunk == 1) {
          break;
        }
      }
      for (int i = 0; i < best.ops().size() && runs < maxRuns; i++) {
        boolean simplified = true;
        while (simplified && runs < maxRuns) {
          simplified = false;
          for (Op simpler : best.ops().get(i).simplifications()) {
            List<Op> changed = new ArrayList<>(best.ops());
            changed.set(i, simpler);
            SequenceExecutor.Failure f = attempt(best.withOps(changed));
            if (f != null) {
              best = truncate(best.withOps(changed), f);
              bestFailure = f;
              progress = true;
              simplified = i < best.ops().size();
              break;
            }
          }
        }
      }
      if (!progress && !literal && runs < maxRuns) {
        literal = true;
        runs++;
        SequenceExecutor.Execution run = executor.run(best, false);
        OpGenerator.Sequence concrete = best.withOps(run.literalSteps());
        SequenceExecutor.Failure f = run.failed() ? attempt(concrete) : null;
        if (f != null) {
          best = truncate(concrete, f);
          bestFailure = f;
          progress = true;
        }
      }
    }
    return new Shrunk(best, bestFailure, runs);
  }

  private SequenceExecutor.Failure attempt(OpGenerator.Sequence candidate) {
    if (candidate.ops().isEmpty()) {
      return null;
    }
    runs++;
    return executor.run(candidate, false).failure();
  }

  /** Steps after the failing one cannot matter. */
  private static OpGenerator.Sequence truncate(OpGenerator.Sequence s, SequenceExecutor.Failure f) {
    return f.step() < s.ops().size() ? s.withOps(s.ops().subList(0, f.step() + 1)) : s;
  }
}
