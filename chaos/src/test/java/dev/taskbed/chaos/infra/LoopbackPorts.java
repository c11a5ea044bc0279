package dev.taskbed.chaos.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on both loopback addresses the Sentinel topology uses, 127.0.0.1 and 127.0.0.2. */
final class LoopbackPorts {
  private LoopbackPorts() {}

  /** A port free on 127.0.0.1 and on 127.0.0.2, outside the ephemeral range. */
  static int free() {
    for (int i = 0; i < 500; i++) {
      int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      if (free("127.0.0.1", candidate) && free("127.0.0.2", candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free loopback port found");
  }

  private static boolean free(String address, int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(address))) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
