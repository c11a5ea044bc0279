package dev.taskbed.simulator.fault;

import eu.rekawek.toxiproxy.ToxiproxyClient;

/** The harness's Toxiproxy client: toxiproxy-java, with its HTTP calls bounded. */
public final class Toxiproxy {
  /** Connect timeout of every call to the Toxiproxy API, unless the JVM was started with one. */
  public static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** Read timeout of every call to the Toxiproxy API, unless the JVM was started with one. */
  public static final int READ_TIMEOUT_MILLIS = 15_000;

  private Toxiproxy() {}

  /**
   * A client of the Toxiproxy API at {@code host:port}. toxiproxy-java calls the API through
   * {@code HttpURLConnection} without timeouts, so a hung server would hang the run; this sets the
   * JVM's default HTTP timeouts ({@code sun.net.client.defaultConnectTimeout} and
   * {@code defaultReadTimeout}) unless they are set. They are read when the JVM makes its first
   * HTTP connection, so test JVMs set them at start (see the modules' Failsafe configuration).
   */
  public static ToxiproxyClient client(String host, int port) {
    setIfAbsent("sun.net.client.defaultConnectTimeout", CONNECT_TIMEOUT_MILLIS);
    setIfAbsent("sun.net.client.defaultReadTimeout", READ_TIMEOUT_MILLIS);
    return new ToxiproxyClient(host, port);
  }

  private static void setIfAbsent(String property, int millis) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(millis));
    }
  }
}
