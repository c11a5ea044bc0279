package dev.taskbed.chaos.infra;

import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.scripted.TimingProfile;
import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * A primary, a replica and three Sentinels as local {@code redis-server} processes, with a real
 * Toxiproxy server between the Redis nodes and everything that is not a client.
 *
 * <h2>Why this shape</h2>
 *
 * The failover scenario must cut the old primary off from its replica and the Sentinels while
 * clients can still reach it. A proxy cannot tell who connects, so the two kinds of peers must use
 * different addresses for the same node: each node listens on 127.0.0.1, and a Toxiproxy proxy
 * listens for it on 127.0.0.2 (same port). Sentinels monitor, and the replica replicates from, the
 * 127.0.0.2 addresses (nodes announce themselves there with {@code replica-announce-ip}), so
 * Sentinels hand clients 127.0.0.2 addresses, which the clients map back to 127.0.0.1
 * ({@code RedisBrokerConfig.addressMapper}: the address translation any client behind NAT needs). Disabling the primary's proxy isolates it from replica and Sentinels and from nothing
 * else. Docker's port mapping cannot express this (Sentinel would announce container addresses
 * through NAT), so the nodes run as local processes and Toxiproxy as a container in the host's
 * network namespace ({@link HostToxiproxy}).
 */
public final class SentinelTopology implements AutoCloseable {
  public static final String MASTER = "taskbed";
  static final String CLIENT_HOST = "127.0.0.1";
  static final String PEER_HOST = "127.0.0.2";

  /** How the old primary is cut off. */
  public enum Isolation {
    /** Proxy disabled: peers' connections closed, new ones refused. */
    PROXY_DOWN,
    /** Everything dropped both ways (timeout toxics): peers time out. */
    BLACK_HOLE
  }

  private final LocalRedis primary;
  private final LocalRedis replica;
  private final List<LocalSentinel> sentinels = new ArrayList<>();
  private final Proxy primaryProxy;
  private final Proxy replicaProxy;

  private SentinelTopology(TimingProfile timing) {
    HostToxiproxy toxiproxy = HostToxiproxy.shared();
    int p = LoopbackPorts.free();
    int r = LoopbackPorts.free();
    try {
      primaryProxy = toxiproxy.client().createProxy("primary-" + p, PEER_HOST + ":" + p, CLIENT_HOST + ":" + p);
      replicaProxy = toxiproxy.client().createProxy("replica-" + r, PEER_HOST + ":" + r, CLIENT_HOST + ":" + r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the topology's proxies", e);
    }
    primary = LocalRedis.builder().port(p).arg("--replica-announce-ip", PEER_HOST).arg("--repl-diskless-sync-delay", "0")
        .arg("--protected-mode", "no").build();
    replica = LocalRedis.builder().port(r).arg("--replica-announce-ip", PEER_HOST).arg("--repl-diskless-sync-delay", "0")
        .arg("--protected-mode", "no").arg("--replicaof", PEER_HOST, Integer.toString(p)).build();
    primary.start();
    replica.start();
    for (int i = 0; i < 3; i++) {
      byte[] id = new byte[20];
      ThreadLocalRandom.current().nextBytes(id);
      sentinels.add(new LocalSentinel(LoopbackPorts.free(), HexFormat.of().formatHex(id)));
    }
    for (LocalSentinel s : sentinels) {
      s.start(MASTER, PEER_HOST, p, PEER_HOST, r, sentinels, timing.sentinelDownAfter().toMillis(),
          timing.sentinelFailoverTimeout().toMillis());
    }
  }

  /** Starts the topology and waits until the replica is in sync and every Sentinel sees all peers. */
  public static SentinelTopology start(TimingProfile timing) {
    SentinelTopology t = new SentinelTopology(timing);
    try {
      t.awaitHealthy(Duration.ofSeconds(30));
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = health();
      if (last.isEmpty()) {
        return;
      }
      ProxiedRedis.sleep(50);
    }
    throw new IllegalStateException("Sentinel topology not healthy after " + timeout + ": " + last);
  }

  /** Empty when healthy, else what is missing. */
  private String health() {
    try (RespClient c = replica.client(0)) {
      if (!"up".equals(RespClient.infoField(c.string("INFO", "replication"), "master_link_status"))) {
        return "replica not in sync";
      }
    }
    for (LocalSentinel s : sentinels) {
      try (RespClient c = s.client()) {
        List<?> kv = (List<?>) c.call("SENTINEL", "MASTER", MASTER);
        String flags = field(kv, "flags");
        if (!"master".equals(flags) || !"1".equals(field(kv, "num-slaves")) || !"2".equals(field(kv, "num-other-sentinels"))) {
          return "sentinel " + s.port() + ": flags " + flags + ", replicas " + field(kv, "num-slaves") + ", other sentinels "
              + field(kv, "num-other-sentinels");
        }
      }
    }
    return "";
  }

  private static String field(List<?> kv, String name) {
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      if (name.equals(kv.get(i))) {
        return String.valueOf(kv.get(i + 1));
      }
    }
    return null;
  }

  /** The Sentinels' addresses, for the clients. */
  public List<String> sentinelAddresses() {
    return sentinels.stream().map(s -> CLIENT_HOST + ":" + s.port()).toList();
  }

  /** How clients translate the addresses Sentinels announce (127.0.0.2) to where they connect (127.0.0.1). */
  public static UnaryOperator<String> clientAddressMapper() {
    return a -> a.startsWith(PEER_HOST + ":") ? CLIENT_HOST + a.substring(PEER_HOST.length()) : a;
  }

  /** The primary's peer-facing address as Sentinels announce it. */
  public String primaryAddress() {
    return PEER_HOST + ":" + primary.port();
  }

  public String replicaAddress() {
    return PEER_HOST + ":" + replica.port();
  }

  /** The primary's address according to the first Sentinel that answers. */
  public String masterAccordingToSentinels() {
    RuntimeException last = null;
    for (LocalSentinel s : sentinels) {
      try (RespClient c = s.client()) {
        List<?> hp = (List<?>) c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        return hp.get(0) + ":" + hp.get(1);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no Sentinel answers", last);
  }

  /** The primary cut off from the replica and the Sentinels (clients still reach it), as a harness fault. */
  public Fault isolation(Isolation how) {
    return switch (how) {
      case PROXY_DOWN -> Faults.proxyDown(primaryProxy);
      case BLACK_HOLE -> Faults.blackHole(primaryProxy, "isolate");
    };
  }

  /** {@code ROLE} of the old primary, read directly (not through its proxy). */
  public String primaryRole() {
    try (RespClient c = primary.client(0)) {
      return String.valueOf(((List<?>) c.call("ROLE")).get(0));
    }
  }

  /** Whether the old primary follows the new one and is in sync with it. */
  public boolean primaryDemotedAndInSync() {
    try (RespClient c = primary.client(0)) {
      String info = c.string("INFO", "replication");
      return "slave".equals(RespClient.infoField(info, "role")) && "up".equals(RespClient.infoField(info, "master_link_status"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sentinel logs, for failure messages. */
  public String sentinelLogs() {
    StringBuilder s = new StringBuilder();
    for (LocalSentinel l : sentinels) {
      String log = l.log();
      s.append("--- sentinel ").append(l.port()).append('\n').append(log, Math.max(0, log.length() - 3000), log.length());
    }
    return s.toString();
  }

  @Override
  public void close() {
    sentinels.forEach(LocalSentinel::close);
    replica.close();
    primary.close();
    for (Proxy p : List.of(primaryProxy, replicaProxy)) {
      try {
        p.delete();
      } catch (IOException e) {
        // the shared server is cleaned up at exit anyway
      }
    }
  }
}
