package dev.taskbed.redis.testing;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.ForwardingBrokerAdmin;

/**
 * The base of test decorators over Redis brokers that the conformance kit drives through both
 * interfaces: every {@link dev.taskbed.spi.Broker} and {@link BrokerAdmin} call is forwarded to the
 * broker {@link #delegate()} returns for that call, so overriding it intercepts them all.
 */
public abstract class ForwardingRedisBroker extends ForwardingBroker implements ForwardingBrokerAdmin {

  /** @param unused the superclass's delegate, never used: {@link #delegate()} picks the broker of each call */
  protected ForwardingRedisBroker(RedisBroker unused) {
    super(unused);
  }

  /** The broker this call goes to; called once per forwarded call. */
  @Override
  protected abstract RedisBroker delegate();

  @Override
  public BrokerAdmin adminDelegate() {
    return delegate();
  }
}
