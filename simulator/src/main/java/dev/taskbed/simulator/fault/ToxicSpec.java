package dev.taskbed.simulator.fault;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * One Toxiproxy toxic with its parameters, drawn by a scenario from its seed, that can be put on a
 * proxy and taken off again. Toxicity is always 1 (every connection): Toxiproxy's own randomness
 * is not seedable (its {@code -seed} flag does nothing in 2.12.0), so every random choice is the
 * test's.
 *
 * @param type Toxiproxy toxic type
 * @param direction {@code DOWNSTREAM} = Redis → client (replies), {@code UPSTREAM} = client → Redis
 * @param a the main attribute (ms, bytes or KB/s, see {@link #toString()})
 * @param b the second attribute (slicer delay in µs); 0 when unused
 */
public record ToxicSpec(Type type, ToxicDirection direction, long a, long b) {

  /** The toxic types the scenarios use. */
  public enum Type {
    /** Holds data for {@code a} ms (each chunk). */
    LATENCY,
    /** At most {@code a} KB/s. */
    BANDWIDTH,
    /** Drops all data; closes the connection after {@code a} ms, or never when 0 (until removed). */
    TIMEOUT,
    /** On the first data, waits {@code a} ms and closes with a TCP RST. */
    RESET_PEER,
    /** Forwards {@code a} bytes per connection, then closes it: torn frames. */
    LIMIT_DATA,
    /** Cuts the stream into chunks of about {@code a} bytes, {@code b} µs apart: partial frames. */
    SLICER
  }

  public static ToxicSpec latency(ToxicDirection d, long millis) {
    return new ToxicSpec(Type.LATENCY, d, millis, 0);
  }

  public static ToxicSpec bandwidth(ToxicDirection d, long kbPerSecond) {
    return new ToxicSpec(Type.BANDWIDTH, d, kbPerSecond, 0);
  }

  public static ToxicSpec timeout(ToxicDirection d, long millis) {
    return new ToxicSpec(Type.TIMEOUT, d, millis, 0);
  }

  public static ToxicSpec resetPeer(ToxicDirection d, long millis) {
    return new ToxicSpec(Type.RESET_PEER, d, millis, 0);
  }

  public static ToxicSpec limitData(ToxicDirection d, long bytes) {
    return new ToxicSpec(Type.LIMIT_DATA, d, bytes, 0);
  }

  public static ToxicSpec slicer(ToxicDirection d, long averageBytes, long delayMicros) {
    return new ToxicSpec(Type.SLICER, d, averageBytes, delayMicros);
  }

  /** Puts the toxic on {@code proxy} under {@code name}; close the result to take it off. */
  public Applied applyTo(Proxy proxy, String name) {
    try {
      Toxic t = switch (type) {
        case LATENCY -> proxy.toxics().latency(name, direction, a).setJitter(0);
        case BANDWIDTH -> proxy.toxics().bandwidth(name, direction, a);
        case TIMEOUT -> proxy.toxics().timeout(name, direction, a);
        case RESET_PEER -> proxy.toxics().resetPeer(name, direction, a);
        case LIMIT_DATA -> proxy.toxics().limitData(name, direction, a);
        case SLICER -> proxy.toxics().slicer(name, direction, a, b).setSizeVariation(a / 2);
      };
      return new Applied(t, proxy.getName() + ": " + this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add toxic " + this + " to proxy " + proxy.getName(), e);
    }
  }

  /** A toxic in place. */
  public static final class Applied implements AutoCloseable {
    private final Toxic toxic;
    private final String description;
    private boolean removed;

    Applied(Toxic toxic, String description) {
      this.toxic = toxic;
      this.description = description;
    }

    /** Takes the toxic off (idempotent). */
    @Override
    public synchronized void close() {
      if (removed) {
        return;
      }
      removed = true;
      try {
        toxic.remove();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove toxic " + description, e);
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }

  @Override
  public String toString() {
    String dir = direction.name().toLowerCase(Locale.ROOT);
    return switch (type) {
      case LATENCY -> "latency " + a + " ms " + dir;
      case BANDWIDTH -> "bandwidth " + a + " KB/s " + dir;
      case TIMEOUT -> a == 0 ? "timeout (black hole until removed) " + dir : "timeout " + a + " ms then close " + dir;
      case RESET_PEER -> "reset_peer after " + a + " ms " + dir;
      case LIMIT_DATA -> "limit_data " + a + " bytes per connection " + dir;
      case SLICER -> "slicer ~" + a + " bytes per chunk, " + b + " µs apart " + dir;
    };
  }
}
