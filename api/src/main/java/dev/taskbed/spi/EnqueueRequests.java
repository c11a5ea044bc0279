package dev.taskbed.spi;

import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Turns a task and its options into a fully resolved {@link EnqueueRequest}: generated id, nonce,
 * content hash and uniqueness key. The hash covers everything the caller specified, with
 * {@code processIn} kept as a duration (not resolved to an instant), so an identical request
 * retried later hashes the same.
 *
 * <p>Part of the contract, not a convenience: the idempotence rule of {@link Broker#enqueue} (same id
 * and same hash is the same task) and the uniqueness key are defined by what this class computes,
 * so producers, the conformance kit and tools that build requests by hand all use it. Stateless
 * and thread-safe.
 */
public final class EnqueueRequests {
  private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();

  private EnqueueRequests() {}

  public static EnqueueRequest build(Task task, TaskOptions options, RandomGenerator random) {
    String id = options.taskId().orElseGet(() -> newTaskId(random));
    byte[] payload = task.payload();
    long delay = options.processIn().map(Duration::toMillis).orElse(0L);
    long processAt = options.processAt().map(Instant::toEpochMilli).map(ms -> Math.max(ms, 0L)).orElse(0L);
    long timeout = options.timeout().map(Duration::toMillis).orElse(0L);
    long deadline = options.deadline().map(Instant::toEpochMilli).map(ms -> Math.max(ms, 1L)).orElse(0L);
    long uniqueFor = options.uniqueFor().map(Duration::toMillis).map(ms -> Math.max(ms, 1L)).orElse(0L);
    String uniqueKey = uniqueFor > 0 ? uniqueKey(task.type(), payload) : null;
    long retention = options.retention().toMillis();
    String hash = contentHash(options.queue(), task.type(), payload, task.headers(), options.maxRetry(),
        delay, processAt, timeout, deadline, retention, uniqueFor);
    return new EnqueueRequest(id, options.queue(), task.type(), payload, task.headers(), options.maxRetry(),
        delay, processAt, timeout, deadline, retention, uniqueKey, uniqueFor, hash, random.nextLong());
  }

  /** 12 random bytes in URL-safe base64: 16 characters, about 96 bits of entropy. */
  public static String newTaskId(RandomGenerator random) {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return ID_ENCODING.encodeToString(bytes);
  }

  /** Uniqueness key within a queue: the first 128 bits of SHA-256(type, payload), hex. */
  public static String uniqueKey(String type, byte[] payload) {
    MessageDigest d = sha256();
    d.update(type.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0);
    d.update(payload);
    return HexFormat.of().formatHex(d.digest(), 0, 16);
  }

  /** The content hash of a request with these fields, as {@link #build} computes it. */
  public static String contentHash(String queue, String type, byte[] payload, Map<String, String> headers, int maxRetry,
      long delay, long processAt, long timeout, long deadline, long retention, long uniqueFor) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + payload.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("taskbed-content-v1");
      out.writeUTF(queue);
      out.writeUTF(type);
      out.writeInt(payload.length);
      out.write(payload);
      out.writeInt(headers.size());
      for (Map.Entry<String, String> h : new java.util.TreeMap<>(headers).entrySet()) {
        out.writeUTF(h.getKey());
        out.writeUTF(h.getValue());
      }
      out.writeInt(maxRetry);
      out.writeLong(delay);
      out.writeLong(processAt);
      out.writeLong(timeout);
      out.writeLong(deadline);
      out.writeLong(retention);
      out.writeLong(uniqueFor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
