package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The composed broker's own life cycle, on a driver that records what reaches it. */
class RedisBrokerTest {

  /** Records every call; answers registrations and subscriptions, and nothing else. */
  private static final class RecordingDriver implements RedisDriver {
    final List<String> calls = new ArrayList<>();

    @Override
    public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
      throw new AssertionError("no script expected");
    }

    @Override
    public Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
      throw new AssertionError("no script expected");
    }

    @Override
    public List<Object> evalShaPipelined(List<ScriptCall> calls) {
      throw new AssertionError("no script expected");
    }

    @Override
    public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
      throw new AssertionError("no script expected");
    }

    @Override
    public long sadd(byte[] key, byte[] member) {
      calls.add("SADD");
      return 1;
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
      calls.add("SMEMBERS");
      return List.of();
    }

    @Override
    public void hset(byte[] key, byte[] field, byte[] value) {
      calls.add("HSET");
    }

    @Override
    public void hdel(byte[] key, byte[] field) {
      calls.add("HDEL");
    }

    @Override
    public Map<String, String> info(String section) {
      throw new AssertionError("the server check is off");
    }

    @Override
    public Map<String, String> configGet(String parameter) {
      throw new AssertionError("the server check is off");
    }

    @Override
    public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
      calls.add("PSUBSCRIBE");
      return () -> calls.add("PUNSUBSCRIBE");
    }

    @Override
    public String describe() {
      return "recording";
    }

    @Override
    public void close() {
      calls.add("CLOSE");
    }
  }

  private final RecordingDriver driver = new RecordingDriver();
  private final RedisBroker broker = RedisBroker.create(driver,
      RedisBrokerSettings.builder().checkServer(false).build());

  @Test
  void closing_twice_ends_the_subscription_and_closes_the_driver_once() {
    broker.onWorkAvailable(List.of("q"), () -> {});
    broker.onWorkAvailable(List.of("r"), () -> {});

    broker.close();
    broker.close();

    assertThat(driver.calls).containsExactly("PSUBSCRIBE", "PUNSUBSCRIBE", "CLOSE");
  }

  @Test
  void a_closed_broker_refuses_calls_as_unavailable_without_sending_them() {
    broker.close();

    // redis-testing's TestRequests.request("a", "q", 0); this module cannot depend on redis-testing
    EnqueueRequest request = new EnqueueRequest("a", "q", "t", new byte[] {'p'}, Map.of("h", "v"), 2, 0, 0, 0, 0, 0, null, 0,
        "hash-a", 42L);
    assertThatThrownBy(() -> broker.enqueue(request))
        .isInstanceOf(BrokerUnavailableException.class);
    assertThatThrownBy(() -> broker.pause("q")).isInstanceOf(BrokerUnavailableException.class);
    assertThatThrownBy(() -> broker.onWorkAvailable(List.of("q"), () -> {}))
        .isInstanceOf(BrokerUnavailableException.class);
    assertThat(driver.calls).containsExactly("CLOSE");
  }
}
