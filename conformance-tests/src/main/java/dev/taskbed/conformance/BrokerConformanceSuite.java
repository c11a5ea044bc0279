package dev.taskbed.conformance;

import dev.taskbed.conformance.contracts.AdminContract;
import dev.taskbed.conformance.contracts.AtomicClaimsContract;
import dev.taskbed.conformance.contracts.BrokerContract;
import dev.taskbed.conformance.contracts.ConcurrentClientsContract;
import dev.taskbed.conformance.contracts.ConformanceFixture;
import dev.taskbed.conformance.contracts.FencingContract;
import dev.taskbed.conformance.contracts.GeneratedSequencesContract;
import dev.taskbed.conformance.contracts.IdempotenceContract;
import dev.taskbed.conformance.contracts.NoLossContract;
import dev.taskbed.conformance.contracts.OrderAndPriorityContract;
import dev.taskbed.conformance.contracts.PauseContract;
import dev.taskbed.conformance.contracts.RetentionContract;
import dev.taskbed.conformance.contracts.RetriesContract;
import dev.taskbed.conformance.contracts.TimeContract;
import dev.taskbed.conformance.contracts.UniquenessContract;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.BrokerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite every Taskbed backend runs. A backend's test subclasses it and says how to
 * make a fresh broker:
 *
 * <pre>{@code
 * class InMemoryBrokerConformanceTest extends BrokerConformanceSuite {
 *   @Override
 *   protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
 *     return BrokerUnderTest.of(new InMemoryBroker(clock, policy));
 *   }
 * }
 * }</pre>
 *
 * <p>The tests live in one interface per contract group, in {@code dev.taskbed.conformance.contracts}
 * ({@link NoLossContract}, {@link FencingContract}, …): {@code default} test methods written against
 * {@link BrokerContract#fixture()}. This class composes them, one {@link Nested} class per group,
 * and gives every group the fixture it opened for the test. Two groups run the generated
 * properties: {@link GeneratedSequences} compares the broker with the reference model over seeded,
 * shrinking operation sequences; {@link ConcurrentClients} races real threads and checks the
 * recorded history. Their size comes from {@link ConformanceProfile} (system properties, cheap by
 * default).
 *
 * <p>A backend declares what it can do in {@link #capabilities()}; tests that need a capability it
 * lacks are skipped with the reason, never weakened.
 */
public abstract class BrokerConformanceSuite {
  private ConformanceFixture fixture;

  /**
   * A fresh, empty broker reading time from {@code clock} and applying {@code policy}. Called once
   * per test, and once per generated sequence or concurrent run.
   */
  protected abstract BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy);

  /** What the backend can do; by default it runs on the injected virtual clock. */
  protected BackendCapabilities capabilities() {
    return BackendCapabilities.onVirtualTime();
  }

  /** How hard the generated properties work; by default from system properties. */
  protected ConformanceProfile profile() {
    return ConformanceProfile.fromSystemProperties();
  }

  /** The running test's fixture: its broker, admin view and clock. */
  protected final ConformanceFixture fixture() {
    return fixture;
  }

  @BeforeEach
  void openBroker() {
    fixture = new ConformanceFixture(this::createBroker, capabilities(), profile());
    fixture.open(BrokerContract.TEST_POLICY);
  }

  @AfterEach
  void closeBroker() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Binds a contract group to this suite's fixture; each {@link Nested} group below is one. */
  abstract class Group implements BrokerContract {
    @Override
    public final ConformanceFixture fixture() {
      return BrokerConformanceSuite.this.fixture;
    }
  }

  // Declared in the order of the contract points; each class's tests are in its interface.

  @Nested
  class NoLoss extends Group implements NoLossContract {}

  @Nested
  class AtomicClaims extends Group implements AtomicClaimsContract {}

  @Nested
  class Fencing extends Group implements FencingContract {}

  @Nested
  class Idempotence extends Group implements IdempotenceContract {}

  @Nested
  class Retries extends Group implements RetriesContract {}

  @Nested
  class Time extends Group implements TimeContract {}

  @Nested
  class OrderAndPriority extends Group implements OrderAndPriorityContract {}

  @Nested
  class Pause extends Group implements PauseContract {}

  @Nested
  class Uniqueness extends Group implements UniquenessContract {}

  @Nested
  class Retention extends Group implements RetentionContract {}

  @Nested
  class Admin extends Group implements AdminContract {}

  /** {@link GeneratedSequencesContract}: the broker against the reference model. */
  @Nested
  class GeneratedSequences extends Group implements GeneratedSequencesContract {}

  /** {@link ConcurrentClientsContract}: real threads, a clean recorded history. */
  @Nested
  class ConcurrentClients extends Group implements ConcurrentClientsContract {}
}
