package dev.taskbed.simulator.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Connection faults through a Toxiproxy server, over its HTTP API (no client library needed): one
 * proxy per run between the clients and Redis, disabled to cut every connection
 * ({@code proxy-down}) or given a latency toxic ({@code proxy-latency}). The proxy listens on a
 * port the server picks on 127.0.0.1, and the broker connects there instead of to Redis.
 */
public final class ToxiproxyNetworkFaults implements NetworkFaults {
  /** Latency a {@code proxy-latency} fault adds to every reply. */
  public static final Duration ADDED_LATENCY = Duration.ofSeconds(1);
  private static final String TOXIC = "taskbed-latency";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI api;
  private final String proxy;
  private final String listen;

  private ToxiproxyNetworkFaults(URI api, String proxy, String listen) {
    this.api = api;
    this.proxy = proxy;
    this.listen = listen;
  }

  /**
   * Creates a proxy named {@code name} in front of {@code upstream} ("host:port").
   *
   * @throws BackendUnavailableException if the Toxiproxy API cannot be reached or refuses
   */
  public static ToxiproxyNetworkFaults create(URI api, String name, String upstream) {
    ToxiproxyNetworkFaults probe = new ToxiproxyNetworkFaults(api, name, null);
    probe.send("DELETE", "/proxies/" + name, null, true); // a leftover from a crashed run
    ObjectNode body = JSON.createObjectNode().put("name", name).put("listen", "127.0.0.1:0")
        .put("upstream", upstream).put("enabled", true);
    JsonNode created = probe.send("POST", "/proxies", body, false);
    String listen = created == null ? null : created.path("listen").asText(null);
    if (listen == null) {
      throw new BackendUnavailableException("Toxiproxy at " + api + " created proxy " + name + " but did not say where it listens");
    }
    return new ToxiproxyNetworkFaults(api, name, listen);
  }

  /** Where clients must connect to go through the proxy, as "host:port". */
  public String listenAddress() {
    return listen;
  }

  @Override
  public String cut() {
    send("POST", "/proxies/" + proxy, JSON.createObjectNode().put("enabled", false), false);
    return "proxy " + proxy + " disabled: every Redis connection cut";
  }

  @Override
  public String slowDown() {
    ObjectNode toxic = JSON.createObjectNode().put("name", TOXIC).put("type", "latency").put("stream", "downstream");
    toxic.putObject("attributes").put("latency", ADDED_LATENCY.toMillis()).put("jitter", 0);
    send("POST", "/proxies/" + proxy + "/toxics", toxic, false);
    return "proxy " + proxy + " adds " + ADDED_LATENCY.toMillis() + " ms to every reply";
  }

  @Override
  public void restore() {
    send("DELETE", "/proxies/" + proxy + "/toxics/" + TOXIC, null, true);
    send("POST", "/proxies/" + proxy, JSON.createObjectNode().put("enabled", true), false);
  }

  @Override
  public void close() {
    send("DELETE", "/proxies/" + proxy, null, true);
  }

  private JsonNode send(String method, String path, JsonNode body, boolean notFoundIsFine) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot reach Toxiproxy at " + api + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while calling Toxiproxy at " + api, e);
    }
    int status = response.statusCode();
    if (status == 404 && notFoundIsFine) {
      return null;
    }
    if (status / 100 != 2) {
      throw new BackendUnavailableException("Toxiproxy at " + api + " answered " + status + " to " + method + " " + path
          + ": " + response.body().strip());
    }
    try {
      return response.body().isBlank() ? null : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new BackendUnavailableException("Toxiproxy at " + api + " sent unreadable JSON: " + response.body(), e);
    }
  }
}
