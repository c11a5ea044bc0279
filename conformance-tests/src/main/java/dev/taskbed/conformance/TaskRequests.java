package dev.taskbed.conformance;

import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.EnqueueRequests;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Builds {@link EnqueueRequest}s for tests, the way the client resolves them: the content hash
 * covers every field but the id and the nonce; the uniqueness key is the client's (type and
 * payload). Defaults: queue {@code default}, type {@code test}, empty payload, no retries, due at
 * once, nonce derived from the id.
 *
 * <pre>{@code
 * EnqueueRequest r = TaskRequests.task("a").queue("mail").delay(5_000).maxRetry(2).build();
 * }</pre>
 */
public final class TaskRequests {
  private final String id;
  private String queue = "default";
  private String type = "test";
  private byte[] payload = new byte[0];
  private Map<String, String> headers = new LinkedHashMap<>();
  private int maxRetry;
  private long delayMillis;
  private long processAtMillis;
  private long timeoutMillis;
  private long deadlineMillis;
  private long retentionMillis;
  private long uniqueForMillis;
  private Long nonce;

  private TaskRequests(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** A request for a task with id {@code id}. */
  public static TaskRequests task(String id) {
    return new TaskRequests(id);
  }

  public TaskRequests queue(String v) { this.queue = v; return this; }
  public TaskRequests type(String v) { this.type = v; return this; }
  public TaskRequests payload(byte[] v) { this.payload = v.clone(); return this; }
  public TaskRequests payload(String utf8) { return payload(utf8.getBytes(StandardCharsets.UTF_8)); }
  public TaskRequests header(String name, String value) { this.headers.put(name, value); return this; }
  public TaskRequests maxRetry(int v) { this.maxRetry = v; return this; }
  /** Delay added to the broker's now. */
  public TaskRequests delay(long millis) { this.delayMillis = millis; return this; }
  /** Absolute earliest due time, epoch ms. */
  public TaskRequests processAt(long epochMillis) { this.processAtMillis = epochMillis; return this; }
  public TaskRequests timeout(long millis) { this.timeoutMillis = millis; return this; }
  public TaskRequests deadline(long epochMillis) { this.deadlineMillis = epochMillis; return this; }
  public TaskRequests retention(long millis) { this.retentionMillis = millis; return this; }
  /** Takes a uniqueness lock on (queue, type, payload) for this long after the task's due time. */
  public TaskRequests uniqueFor(long millis) { this.uniqueForMillis = millis; return this; }
  /** The incarnation nonce; by default derived from the id, so equal builders make equal requests. */
  public TaskRequests nonce(long v) { this.nonce = v; return this; }

  public EnqueueRequest build() {
    String uniqueKey = uniqueForMillis > 0 ? EnqueueRequests.uniqueKey(type, payload) : null;
    long n = nonce != null ? nonce : id.hashCode() * 0x9E3779B97F4A7C15L;
    return new EnqueueRequest(id, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis,
        deadlineMillis, retentionMillis, uniqueKey, uniqueForMillis,
        contentHash(queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis, deadlineMillis,
            retentionMillis, uniqueForMillis), n);
  }

  /** The content hash of a request with these fields: equal content, equal hash. */
  public static String contentHash(String queue, String type, byte[] payload, Map<String, String> headers, int maxRetry,
      long delayMillis, long processAtMillis, long timeoutMillis, long deadlineMillis, long retentionMillis,
      long uniqueForMillis) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("taskbed-conformance-v1");
      out.writeUTF(queue);
      out.writeUTF(type);
      out.writeInt(payload.length);
      out.write(payload);
      for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
        out.writeUTF(h.getKey());
        out.writeUTF(h.getValue());
      }
      out.writeInt(maxRetry);
      out.writeLong(delayMillis);
      out.writeLong(processAtMillis);
      out.writeLong(timeoutMillis);
      out.writeLong(deadlineMillis);
      out.writeLong(retentionMillis);
      out.writeLong(uniqueForMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
