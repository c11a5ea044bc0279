package dev.taskbed.simulator.verdict;

import dev.taskbed.conformance.history.Anomaly;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit's history checker ({@code dev.taskbed.conformance.history}) as the
 * simulator's judge: every broker call is recorded by a {@link RecordingBroker}, the final state
 * is read through a {@link RecordingAdmin} after the drain, and the {@link HistoryChecker}'s
 * report becomes the run's {@link Verdict}.
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
    HistoryReport report = checker.check(recorder.history());
    recorder = null; // the history can be large; let it go once judged

    Map<String, Long> counts = new LinkedHashMap<>();
    for (AnomalyKind k : AnomalyKind.values()) {
      counts.put(k.label(), (long) report.count(k));
    }
    HistoryReport.Summary s = report.summary();
    counts.put("tasks acknowledged", (long) s.tasksAcknowledged());
    counts.put("enqueues unknown", (long) s.enqueuesUnknown());
    counts.put("deliveries", (long) s.deliveries());
    counts.put("visible at end", (long) s.tasksVisibleAtEnd());

    List<String> anomalies = new ArrayList<>();
    for (Anomaly a : report.examples()) {
      anomalies.add(a.kind().label() + " " + a.task() + ": " + a.description());
    }
    Verdict.Status status;
    if (!report.valid()) {
      status = Verdict.Status.FAIL;
    } else if (!s.lossChecked()) {
      status = Verdict.Status.NOT_CHECKED;
      anomalies.add("no final read was recorded, so loss was not judged");
    } else {
      status = Verdict.Status.PASS;
    }
    return new Verdict("conformance history checker (" + s.operations() + " operations)", status, counts, anomalies);
  }
}
