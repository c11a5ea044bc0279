package dev.taskbed.redis.testing;

import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The plain {@link EnqueueRequest} the Redis integration tests of both backends enqueue when the
 * task's content does not matter, so they all write the same records (and an interoperability
 * test can compare them) without each keeping a copy of the constructor call.
 */
public final class TestRequests {
  private TestRequests() {}

  /**
   * Task {@code id} on {@code queue}, due after {@code delayMillis}: type {@code t}, payload
   * {@code p-<id>}, one header {@code h=v}, two retries, content hash {@code hash-<id>}, nonce 42.
   */
  public static EnqueueRequest request(String id, String queue, long delayMillis) {
    return new EnqueueRequest(id, queue, "t", ("p-" + id).getBytes(StandardCharsets.UTF_8), Map.of("h", "v"), 2,
        delayMillis, 0, 0, 0, 0, null, 0, "hash-" + id, 42L);
  }
}
