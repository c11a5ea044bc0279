package dev.taskbed.conformance.contracts;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one conformance test runs against: a fresh broker from the backend's factory, its admin
 * view, the virtual clock it reads, and the backend's declared capabilities and profile. Every
 * contract group reaches it through {@link BrokerContract#fixture()}; the suite opens one per test
 * and closes it afterwards. Opened and closed by the test's thread; threads the test starts may
 * read it in between (starting them publishes the broker to them).
 */
public final class ConformanceFixture {
  private final BrokerFactory factory;
  private final BackendCapabilities capabilities;
  private final ConformanceProfile profile;
  private final AtomicInteger requests = new AtomicInteger();
  private ManualClock clock;
  private BrokerUnderTest current;

  /** A fixture with no broker yet; {@link #open(BrokerPolicy)} makes one. */
  public ConformanceFixture(BrokerFactory factory, BackendCapabilities capabilities, ConformanceProfile profile) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /** Replaces the current broker, if any, by a fresh one with {@code policy} on a new clock. */
  public void open(BrokerPolicy policy) {
    close();
    clock = new ManualClock();
    current = factory.create(clock, policy);
  }

  /** Disposes of the current broker; idempotent. */
  public void close() {
    if (current != null) {
      BrokerUnderTest closing = current;
      current = null;
      closing.close();
    }
  }

  /** The clock the current broker reads (on a real-time backend: the clock it ignores). */
  public ManualClock clock() {
    return clock;
  }

  /** The current broker's worker path. */
  public Broker broker() {
    return opened().broker();
  }

  /** The current broker's admin and inspection interface. */
  public BrokerAdmin admin() {
    return opened().admin();
  }

  /** How the generated properties make their own fresh brokers. */
  public BrokerFactory factory() {
    return factory;
  }

  /** What the backend declared it can do. */
  public BackendCapabilities capabilities() {
    return capabilities;
  }

  /** How hard the generated properties work. */
  public ConformanceProfile profile() {
    return profile;
  }

  /** A claim request id not used before in this fixture. */
  public String nextRequestId() {
    return "req-" + requests.incrementAndGet();
  }

  private BrokerUnderTest opened() {
    if (current == null) {
      throw new IllegalStateException("no broker open: the suite opens one before each test");
    }
    return current;
  }
}
