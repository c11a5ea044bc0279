package dev.taskbed.simulator.verdict;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Clock;
import java.util.List;

/**
 * Records a run's history and judges it at the end: the seam between the simulator and the
 * history checker of the conformance kit. One instance per run.
 *
 * <p>The simulator routes every broker call its producers and workers make through
 * {@link #record}, drives the run, heals all faults, lets the workers drain, and then asks for
 * the {@link #judge verdict}, handing over read access to the final broker state so tasks that
 * are still visible (not lost) can be told apart from tasks that vanished.
 */
public interface GuaranteeChecker {

  /** Wraps {@code broker} so that every operation is recorded (invoked, then ok / fail / unknown). */
  Broker record(Broker broker, Clock clock);

  /** Judges the recorded history against the broker's final state. Called once, after the drain. */
  Verdict judge(BrokerAdmin finalState, List<String> queues);
}
