package dev.taskbed.simulator.verdict;

import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Clock;
import java.util.List;

/**
 * The conformance kit's history checker ({@code dev.taskbed.conformance.history}) as the
 * simulator's judge: every broker call is recorded by a {@link RecordingBroker}, the final state
 * is read through a {@link RecordingAdmin} after the drain, and the {@link HistoryChecker}'s
 * report becomes the run's {@link Verdict} (a configured run expects no anomaly).
 */
public final class ConformanceHistoryChecker implements GuaranteeChecker {
  private final HistoryChecker checker;
  private HistoryRecorder recorder;

  /**
   * @param clockToleranceMillis how far the broker's clock may be from the recorder's: 0 on
   *     virtual time (one clock), the client/Redis skew bound in real time
   */
  public ConformanceHistoryChecker(long clockToleranceMillis) {
    this.checker = HistoryChecker.builder().clockToleranceMillis(clockToleranceMillis).build();
  }

  @Override
  public Broker record(Broker broker, Clock clock) {
    if (recorder != null) {
      throw new IllegalStateException("one checker per run");
    }
    recorder = new HistoryRecorder(clock);
    return new RecordingBroker(broker, recorder);
  }

  @Override
  public Verdict judge(BrokerAdmin finalState, List<String> queues) {
    if (recorder == null) {
      throw new IllegalStateException("nothing was recorded");
    }
    new RecordingAdmin(finalState, recorder).read(queues);
    HistoryRecorder judged = recorder;
    recorder = null; // the history can be large; let it go once judged
    return Verdict.judge(checker.check(judged.history()), Expectation.NO_ANOMALY, List.of(), false, null);
  }
}
