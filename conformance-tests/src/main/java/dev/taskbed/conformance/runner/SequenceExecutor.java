package dev.taskbed.conformance.runner;

import dev.taskbed.TaskInfo;
import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.conformance.model.ReferenceBroker;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one sequence of steps against a fresh broker under test and a fresh reference model that
 * share one virtual clock. After every step it compares the call's outcomes, checks the broker's
 * {@link Invariants}, and compares the whole admin view with the model's; at the end it checks the
 * recorded history. The first discrepancy ends the run.
 */
final class SequenceExecutor {
  private final BrokerFactory factory;

  SequenceExecutor(BrokerFactory factory) {
    this.factory = factory;
  }

  /** Where and how a run failed. {@code step} is the 0-based step index, or the length for end-of-run checks. */
  record Failure(String category, int step, String message) {
    @Override
    public String toString() {
      return category + " at step " + (step + 1) + ": " + message;
    }
  }

  /**
   * The result of one run: the failure (null if it passed), a per-step trace if asked, calls made,
   * and the steps as literal calls (skipped steps left out), in the same order.
   */
  record Execution(Failure failure, List<String> trace, int calls, int reads, List<Op> literalSteps) {
    boolean failed() {
      return failure != null;
    }
  }

  /** Resolves {@code op} and applies it to the model only (the generator's scratch run). */
  static void applyToModel(Op op, RunState state, Target model) {
    Call call = op.resolve(state);
    if (call == null) {
      return;
    }
    if (call.movesClock()) {
      call.clockMove().run();
    } else {
      call.learn().accept(state, Outcome.of(() -> call.action().apply(model)));
    }
  }

  Execution run(OpGenerator.Sequence sequence, boolean trace) {
    ManualClock clock = new ManualClock(OpGenerator.EPOCH);
    ReferenceBroker model = new ReferenceBroker(clock, sequence.policy());
    Target expected = new Target(model, model);
    RunState state = new RunState(clock, model);
    HistoryRecorder recorder = new HistoryRecorder(clock);
    List<String> lines = new ArrayList<>();
    List<Op> literal = new ArrayList<>();
    int calls = 0;
    int reads = 0;
    try (BrokerUnderTest backend = factory.create(clock, sequence.policy());
        HintWatch hints = new HintWatch(backend.broker(), OpGenerator.QUEUES)) {
      Target actual = new Target(new RecordingBroker(backend.broker(), recorder), new RecordingAdmin(backend.admin(), recorder));
      Map<TaskKey, Long> highestClaim = new HashMap<>();
      StateSnapshot previous = StateSnapshot.take(backend.admin(), queuesOf(model, backend));
      reads += previous.reads() + 1;
      List<Op> ops = sequence.ops();
      for (int i = 0; i < ops.size(); i++) {
        Call call = ops.get(i).resolve(state);
        if (call == null) {
          if (trace) {
            lines.add(String.format("%3d. %s  (nothing to refer to: skipped)", i + 1, ops.get(i)));
          }
          continue;
        }
        literal.add(call.literal() != null ? call.literal() : ops.get(i));
        Map<String, Long> hintsBefore = hints.counts();
        if (call.movesClock()) {
          call.clockMove().run();
          if (trace) {
            lines.add(String.format("%3d. %s", i + 1, call.description()));
          }
        } else {
          Outcome want = Outcome.of(() -> call.action().apply(expected));
          Outcome got = Outcome.of(() -> call.action().apply(actual));
          calls++;
          if (trace) {
            lines.add(String.format("%3d. %s%n       -> %s", i + 1, call.description(), summarize(got)));
          }
          if (!want.equals(got)) {
            if (trace) {
              lines.add("       expected (reference model): " + want);
            }
            return new Execution(new Failure("result of " + firstWord(call.description()), i,
                call.description() + "\n      expected: " + want + "\n      actual:   " + got), lines, calls, reads, literal);
          }
          call.learn().accept(state, want);
          if (got.value() instanceof ClaimResult claimed) {
            for (Lease l : claimed.leases()) {
              highestClaim.merge(new TaskKey(l.token().queue(), l.token().taskId()), l.token().claimSequence(), Math::max);
            }
          }
        }
        StateSnapshot now = StateSnapshot.take(backend.admin(), queuesOf(model, backend));
        reads += now.reads() + 1;
        recordRead(recorder, now);
        forgetRemoved(highestClaim, now);
        String broken = Invariants.check(previous, now, clock.millis(), call, highestClaim);
        if (broken != null) {
          return fail(lines, literal, trace, calls, reads, new Failure("invariant: " + broken.substring(0, broken.indexOf(':')), i,
              "after " + call.description() + "\n      " + broken));
        }
        String diff = now.firstDifference(StateSnapshot.take(model, queuesOf(model, backend)));
        if (diff != null) {
          return fail(lines, literal, trace, calls, reads, new Failure("state", i, "after " + call.description() + "\n      " + diff));
        }
        String hint = hints.check(hintsBefore, previous, now, call.description());
        if (hint != null) {
          return fail(lines, literal, trace, calls, reads, new Failure("hint", i, "after " + call.description() + "\n      " + hint));
        }
        previous = now;
      }
      String hint = hints.finish();
      if (hint != null) {
        return fail(lines, literal, trace, calls, reads, new Failure("hint", ops.size(), hint));
      }
      HistoryReport report = HistoryChecker.defaults().check(recorder.history());
      if (!report.valid()) {
        AnomalyKind kind = report.counts().entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
        return fail(lines, literal, trace, calls, reads, new Failure("history: " + kind.label(), ops.size(), report.toMarkdown()));
      }
      return new Execution(null, lines, calls, reads, literal);
    }
  }

  private static Execution fail(List<String> lines, List<Op> literal, boolean trace, int calls, int reads, Failure f) {
    if (trace) {
      lines.add("       !! " + f.category() + ": " + f.message().replace("\n", "\n       "));
    }
    return new Execution(f, lines, calls, reads, literal);
  }

  /**
   * Every queue either side registered. (A queue registered on one side only already shows as a
   * difference in {@code queues()}; unknown queues are probed by the generated stats and list steps.)
   */
  private static Set<String> queuesOf(ReferenceBroker model, BrokerUnderTest backend) {
    Set<String> queues = new TreeSet<>(model.queues());
    queues.addAll(backend.admin().queues());
    return queues;
  }

  /** Every snapshot is a read in the history, so purges never remove a task nobody saw finish. */
  private static void recordRead(HistoryRecorder recorder, StateSnapshot snapshot) {
    recorder.invoke("snapshot", new Operation.Read(List.copyOf(snapshot.stats().keySet()))).ok(snapshot.all());
  }

  /** A task that vanished may come back as a new incarnation whose claims count from 1 again. */
  private static void forgetRemoved(Map<TaskKey, Long> highestClaim, StateSnapshot now) {
    Set<TaskKey> present = new HashSet<>();
    for (TaskInfo t : now.all()) {
      present.add(new TaskKey(t.queue(), t.id()));
    }
    highestClaim.keySet().retainAll(present);
  }

  private static String summarize(Outcome o) {
    String s = o.toString();
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  private static String firstWord(String description) {
    int space = description.indexOf(' ');
    return space < 0 ? description : description.substring(0, space);
  }
}
