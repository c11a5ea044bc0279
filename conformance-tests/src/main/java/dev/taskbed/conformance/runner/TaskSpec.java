package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.EnqueueRequests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated task with every option spelled out, from which the runner builds an
 * {@link EnqueueRequest}. The content hash covers everything but the id and the nonce, as the
 * client's does; the uniqueness key is the client's (type and payload). Shrinking simplifies one
 * field at a time.
 */
record TaskSpec(
    String taskId,
    String queue,
    String type,
    byte[] payload,
    Map<String, String> headers,
    int maxRetry,
    long delayMillis,
    long processAtMillis,
    long timeoutMillis,
    long deadlineMillis,
    long retentionMillis,
    long uniqueForMillis,
    long nonce) {

  TaskSpec {
    payload = payload.clone();
    headers = Map.copyOf(headers);
  }

  EnqueueRequest toRequest() {
    String uniqueKey = uniqueForMillis > 0 ? EnqueueRequests.uniqueKey(type, payload) : null;
    return new EnqueueRequest(taskId, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis,
        timeoutMillis, deadlineMillis, retentionMillis, uniqueKey, uniqueForMillis, contentHash(), nonce);
  }

  static TaskSpec of(EnqueueRequest r) {
    return new TaskSpec(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(), r.delayMillis(),
        r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), r.uniqueForMillis(), r.nonce());
  }

  TaskSpec withId(String id, long newNonce) {
    return new TaskSpec(id, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis,
        deadlineMillis, retentionMillis, uniqueForMillis, newNonce);
  }

  TaskSpec withPayload(byte[] p, long newNonce) {
    return new TaskSpec(taskId, queue, type, p, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis,
        deadlineMillis, retentionMillis, uniqueForMillis, newNonce);
  }

  TaskSpec withUniqueFor(long millis) {
    return new TaskSpec(taskId, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis,
        deadlineMillis, retentionMillis, millis, nonce);
  }

  /** The parts of a request's content, each covered by the content hash. */
  enum Part { NOTHING, TYPE, PAYLOAD, HEADERS, MAX_RETRY, DELAY, PROCESS_AT, TIMEOUT, DEADLINE, RETENTION, UNIQUE_FOR }

  /**
   * This request under a new nonce with exactly one part of its content changed ({@code NOTHING}:
   * the same content). {@code variant} picks the new value; the result always differs in that
   * part, so its content hash differs from this one's unless {@code part} is {@code NOTHING}.
   */
  TaskSpec varied(Part part, long variant, long newNonce) {
    long v = Math.floorMod(variant, 1_000L) + 1; // 1..1000
    String t = type;
    byte[] p = payload;
    Map<String, String> h = headers;
    int mr = maxRetry;
    long delay = delayMillis;
    long at = processAtMillis;
    long to = timeoutMillis;
    long dl = deadlineMillis;
    long ret = retentionMillis;
    long uf = uniqueForMillis;
    switch (part) {
      case NOTHING -> { }
      case TYPE -> t = type + ":v" + v;
      case PAYLOAD -> {
        p = java.util.Arrays.copyOf(payload, payload.length + 1);
        p[payload.length] = (byte) v;
      }
      case HEADERS -> {
        Map<String, String> changed = new TreeMap<>(headers);
        if (!changed.isEmpty() && v % 2 == 0) {
          changed.remove(changed.keySet().iterator().next()); // one header fewer
        } else {
          changed.put("h" + v, "x"); // one header more
        }
        h = changed;
      }
      case MAX_RETRY -> mr = maxRetry + (int) (v % 3) + 1;
      case DELAY -> delay = delayMillis + v;
      case PROCESS_AT -> at = processAtMillis + v;
      case TIMEOUT -> to = timeoutMillis + v;
      case DEADLINE -> dl = deadlineMillis + v;
      case RETENTION -> ret = retentionMillis > 0 && v % 2 == 0 ? 0 : retentionMillis + v;
      case UNIQUE_FOR -> uf = uniqueForMillis > 0 && v % 2 == 0 ? 0 : uniqueForMillis + v * 100;
    }
    return new TaskSpec(taskId, queue, t, p, h, mr, delay, at, to, dl, ret, uf, newNonce);
  }

  /** Variants with one field made simpler. */
  List<TaskSpec> simplifications() {
    List<TaskSpec> out = new ArrayList<>();
    if (payload.length > 0) {
      out.add(new TaskSpec(taskId, queue, type, new byte[0], headers, maxRetry, delayMillis, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
    }
    if (payload.length > 1) {
      out.add(new TaskSpec(taskId, queue, type, new byte[] {payload[0]}, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
    }
    if (!headers.isEmpty()) {
      out.add(new TaskSpec(taskId, queue, type, payload, Map.of(), maxRetry, delayMillis, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
    }
    if (maxRetry > 0) {
      out.add(new TaskSpec(taskId, queue, type, payload, headers, 0, delayMillis, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
    }
    if (delayMillis > 0) {
      out.add(new TaskSpec(taskId, queue, type, payload, headers, maxRetry, 0, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
      if (delayMillis > 1) {
        out.add(new TaskSpec(taskId, queue, type, payload, headers, maxRetry, 1, processAtMillis, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
      }
    }
    if (processAtMillis > 0) {
      out.add(new TaskSpec(taskId, queue, type, payload, headers, maxRetry, delayMillis, 0, timeoutMillis, deadlineMillis, retentionMillis, uniqueForMillis, nonce));
    }
    if (timeoutMillis > 0 || deadlineMillis > 0) {
      out.add(new TaskSpec(taskId, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, 0, 0, retentionMillis, uniqueForMillis, nonce));
    }
    if (retentionMillis > 0) {
      out.add(new TaskSpec(taskId, queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis, deadlineMillis, 0, uniqueForMillis, nonce));
    }
    if (uniqueForMillis > 0) {
      out.add(withUniqueFor(0));
    }
    return out;
  }

  private String contentHash() {
    return TaskRequests.contentHash(queue, type, payload, headers, maxRetry, delayMillis, processAtMillis, timeoutMillis,
        deadlineMillis, retentionMillis, uniqueForMillis);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(queue).append('/').append(taskId).append(" type=").append(type)
        .append(" payload=").append(describePayload(payload)).append(" maxRetry=").append(maxRetry);
    if (delayMillis > 0) s.append(" delay=").append(delayMillis);
    if (processAtMillis > 0) s.append(" processAt=").append(processAtMillis);
    if (timeoutMillis > 0) s.append(" timeout=").append(timeoutMillis);
    if (deadlineMillis > 0) s.append(" deadline=").append(deadlineMillis);
    if (retentionMillis > 0) s.append(" retention=").append(retentionMillis);
    if (uniqueForMillis > 0) s.append(" uniqueFor=").append(uniqueForMillis);
    if (!headers.isEmpty()) s.append(" headers=").append(new TreeMap<>(headers));
    return s.append(" nonce=").append(nonce).toString();
  }

  static String describePayload(byte[] p) {
    if (p.length == 0) {
      return "[]";
    }
    if (p.length <= 12) {
      return "\"" + new String(p, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
    return p.length + "B";
  }
}
