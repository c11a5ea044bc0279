package dev.taskbed.conformance;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.util.Objects;

/**
 * One fresh broker handed to the conformance kit: its worker-path and admin interfaces and how to
 * dispose of it. The kit closes it after each test, sequence or run.
 */
public final class BrokerUnderTest implements AutoCloseable {
  private final Broker broker;
  private final BrokerAdmin admin;
  private final Runnable onClose;

  private BrokerUnderTest(Broker broker, BrokerAdmin admin, Runnable onClose) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  /** A backend that implements both interfaces in one object; closing closes it. */
  public static <B extends Broker & BrokerAdmin> BrokerUnderTest of(B broker) {
    return new BrokerUnderTest(broker, broker, broker::close);
  }

  /**
   * A backend with separate objects, and what closing must do (e.g. close the broker and flush the
   * Redis database it used).
   */
  public static BrokerUnderTest of(Broker broker, BrokerAdmin admin, Runnable onClose) {
    return new BrokerUnderTest(broker, admin, onClose);
  }

  public Broker broker() {
    return broker;
  }

  public BrokerAdmin admin() {
    return admin;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
