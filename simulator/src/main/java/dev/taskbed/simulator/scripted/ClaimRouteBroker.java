package dev.taskbed.simulator.scripted;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.ForwardingBroker;

/**
 * Sends claims through one broker and every other call through another: a worker whose claims
 * travel on their own connections (a proxy of their own), so a fault can hit claim replies alone
 * while heartbeats, acks and lease recovery carry on. A seam over the SPI; neither broker is closed
 * here.
 */
public final class ClaimRouteBroker extends ForwardingBroker {
  private final Broker claims;

  public ClaimRouteBroker(Broker claims, Broker rest) {
    super(rest);
    this.claims = claims;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return claims.claim(request);
  }

  @Override
  public void close() {}
}
