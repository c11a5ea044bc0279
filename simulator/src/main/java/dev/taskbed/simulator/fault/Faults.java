package dev.taskbed.simulator.fault;

import dev.taskbed.QueueStats;
import dev.taskbed.simulator.process.WorkerProcess;
import dev.taskbed.spi.BrokerAdmin;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The faults the harness knows: process faults on a {@link WorkerProcess}, a paused queue, and
 * network faults on a Toxiproxy proxy (through the toxiproxy-java client, the one Toxiproxy client
 * of the harness). Infrastructure a run builds itself (a Redis container, a Sentinel topology)
 * adds its own {@link Fault}s and composes these.
 */
public final class Faults {
  private Faults() {}

  /** {@code kill -9} of the worker; healing starts a new incarnation. */
  public static Fault crash(WorkerProcess worker) {
    return new Fault() {
      @Override
      public Injection begin() {
        int held = worker.crash();
        return held >= 0 ? Injection.fired("killed holding " + held + " task(s)") : Injection.missed("worker was not running");
      }

      @Override
      public String heal() {
        worker.start();
        return "restarted (incarnation " + worker.incarnation() + ")";
      }
    };
  }

  /** The worker freezes (a GC pause, {@code SIGSTOP}); healing wakes it. */
  public static Fault stall(WorkerProcess worker) {
    return new Fault() {
      @Override
      public Injection begin() {
        int held = worker.stall();
        return held >= 0 ? Injection.fired("froze holding " + held + " task(s)") : Injection.missed("worker was not running");
      }

      @Override
      public String heal() {
        worker.resume();
        return "resumed";
      }
    };
  }

  /** The queue is paused (claims skip it) until healed. */
  public static Fault pauseQueue(BrokerAdmin admin, String queue) {
    return new Fault() {
      @Override
      public Injection begin() {
        QueueStats before = admin.stats(queue);
        admin.pause(queue);
        return Injection.fired("paused with " + before.pending() + " pending");
      }

      @Override
      public String heal() {
        admin.unpause(queue);
        return "unpaused with " + admin.stats(queue).pending() + " pending";
      }
    };
  }

  /** The proxy is disabled: its connections are closed and new ones refused until healed. */
  public static Fault proxyDown(Proxy proxy) {
    return new Fault() {
      @Override
      public Injection begin() {
        call(proxy::disable, "disable proxy " + proxy.getName());
        return Injection.fired("proxy " + proxy.getName() + " disabled: every connection through it cut");
      }

      @Override
      public String heal() {
        call(proxy::enable, "enable proxy " + proxy.getName());
        return "restored";
      }
    };
  }

  /** {@code toxics} on the proxy, named {@code name-1}, {@code name-2} ..., until healed. */
  public static Fault toxics(Proxy proxy, String name, List<ToxicSpec> toxics) {
    List<ToxicSpec> all = List.copyOf(toxics);
    return new Fault() {
      private final List<ToxicSpec.Applied> applied = new ArrayList<>();

      @Override
      public Injection begin() {
        for (ToxicSpec t : all) {
          applied.add(t.applyTo(proxy, name + "-" + (applied.size() + 1)));
        }
        return Injection.fired("proxy " + proxy.getName() + ": " + all.stream().map(ToxicSpec::toString)
            .collect(Collectors.joining(", ")));
      }

      @Override
      public String heal() {
        applied.forEach(ToxicSpec.Applied::close);
        applied.clear();
        return "restored";
      }
    };
  }

  /** Several faults as one: begun in order, healed in reverse order; fired if any fired. */
  public static Fault allOf(List<Fault> faults) {
    List<Fault> all = List.copyOf(faults);
    return new Fault() {
      private final List<Fault> begun = new ArrayList<>();

      @Override
      public Injection begin() {
        List<String> observed = new ArrayList<>();
        for (Fault f : all) {
          Injection i = f.begin();
          if (i.fired()) {
            begun.add(f);
          }
          observed.add(i.observed());
        }
        return new Injection(!begun.isEmpty(), String.join("; ", observed));
      }

      @Override
      public String heal() {
        List<String> healed = new ArrayList<>();
        for (int i = begun.size() - 1; i >= 0; i--) {
          healed.add(begun.get(i).heal());
        }
        begun.clear();
        return String.join("; ", healed);
      }
    };
  }

  /** Everything dropped both ways (timeout toxics): peers time out, as behind a black hole. */
  public static Fault blackHole(Proxy proxy, String name) {
    return toxics(proxy, name, List.of(ToxicSpec.timeout(ToxicDirection.UPSTREAM, 0),
        ToxicSpec.timeout(ToxicDirection.DOWNSTREAM, 0)));
  }

  private interface ProxyCall {
    void run() throws IOException;
  }

  private static void call(ProxyCall call, String what) {
    try {
      call.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + what, e);
    }
  }
}
