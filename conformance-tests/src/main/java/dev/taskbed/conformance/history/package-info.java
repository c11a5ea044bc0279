/**
 * Jepsen-style history recording and checking for any Taskbed broker.
 *
 * <p>A run records every operation clients performed as <em>invoked</em>, then <em>ok</em>,
 * <em>failed</em> (certainly not applied) or <em>unknown</em> (maybe applied: a timeout, a broken
 * connection). {@link dev.taskbed.conformance.history.HistoryRecorder} collects the events
 * (thread-safe, stamped with a virtual or wall clock); {@link dev.taskbed.conformance.history.RecordingBroker}
 * and {@link dev.taskbed.conformance.history.RecordingAdmin} record every SPI call of the runtime or
 * a test driver without changing it. After the run, and after a final
 * {@link dev.taskbed.conformance.history.RecordingAdmin#read read} of every task,
 * {@link dev.taskbed.conformance.history.HistoryChecker} reports, per
 * {@link dev.taskbed.conformance.history.AnomalyKind}, a count and examples: lost acknowledged
 * tasks, duplicated claims, unexpected tasks, stale writes, double terminal transitions and early
 * deliveries. Unknown outcomes are never held against the broker.
 *
 * <pre>{@code
 * HistoryRecorder recorder = new HistoryRecorder(clock);
 * Broker broker = new RecordingBroker(realBroker, recorder);
 * RecordingAdmin admin = new RecordingAdmin(realAdmin, recorder);
 * ... run the workload, drain it ...
 * admin.read(queues);
 * HistoryReport report = HistoryChecker.defaults().check(recorder.history());
 * assertThat(report.valid()).as(report.toMarkdown()).isTrue();
 * }</pre>
 *
 * The conformance suite, the chaos tests and the simulator all judge their runs this way.
 */
package dev.taskbed.conformance.history;
