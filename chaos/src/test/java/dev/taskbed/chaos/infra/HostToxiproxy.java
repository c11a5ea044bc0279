package dev.taskbed.chaos.infra;

import dev.taskbed.simulator.fault.Toxiproxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Toxiproxy server for topologies Docker port mapping cannot express: the same image as the proxy
 * scenarios' {@code ToxiproxyContainer}, run in the host's network namespace so its proxies listen
 * on host loopback addresses (127.0.0.2 here) in front of local Redis processes. Its API listens on
 * a free 127.0.0.1 port. One per test JVM, stopped at exit.
 */
final class HostToxiproxy {
  private static HostToxiproxy shared;

  private final GenericContainer<?> container;
  private final ToxiproxyClient client;

  private HostToxiproxy() {
    ProxiedRedis.requireDocker();
    int apiPort = LoopbackPorts.free();
    container = new GenericContainer<>(DockerImageName.parse(ProxiedRedis.TOXIPROXY_IMAGE))
        .withNetworkMode("host")
        .withCommand("-host=127.0.0.1", "-port=" + apiPort)
        .waitingFor(Wait.forLogMessage(".*Starting Toxiproxy HTTP server.*", 1));
    container.start();
    client = Toxiproxy.client("127.0.0.1", apiPort);
    try {
      client.version();
    } catch (IOException e) {
      throw new UncheckedIOException("Toxiproxy in the host network does not answer on 127.0.0.1:" + apiPort, e);
    }
  }

  static synchronized HostToxiproxy shared() {
    if (shared == null) {
      shared = new HostToxiproxy();
      HostToxiproxy s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s.container::stop, "chaos-host-toxiproxy-stop"));
    }
    return shared;
  }

  ToxiproxyClient client() {
    return client;
  }
}
