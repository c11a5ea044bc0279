package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.bytes;
import static dev.taskbed.redis.Resp.string;

import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-up hints: one pattern subscription to every queue's {@code taskbed:{q}:wake} channel, opened
 * with the first listener, and the listeners it calls. Hints published while the subscription is
 * down are lost, so every (re)subscription calls every listener once (see {@link RedisBroker}).
 * Thread-safe.
 */
final class WakeUpHints {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

  private final ScriptCalls calls;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private Subscription hints;

  private record Listener(Set<String> queues, Runnable action) {}

  WakeUpHints(ScriptCalls calls) {
    this.calls = calls;
  }

  Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    calls.ensureOpen();
    Listener l = new Listener(Set.copyOf(queues), Objects.requireNonNull(listener, "listener"));
    listeners.add(l);
    synchronized (this) {
      if (hints == null) {
        hints = calls.driver().psubscribe(bytes(Keys.WAKE_PATTERN), this::onHint, this::onResubscribed);
      }
    }
    return () -> listeners.remove(l);
  }

  private void onHint(byte[] channel, byte[] message) {
    String queue = Keys.queueOfChannel(string(channel));
    if (queue == null) {
      return;
    }
    for (Listener l : listeners) {
      if (l.queues().contains(queue)) {
        fire(l);
      }
    }
  }

  /** Hints published while the subscription was down are lost: tell everyone work may be there. */
  private void onResubscribed() {
    listeners.forEach(WakeUpHints::fire);
  }

  private static void fire(Listener l) {
    try {
      l.action().run();
    } catch (RuntimeException e) {
      log.warn("work listener failed", e);
    }
  }

  /** Drops every listener and closes the subscription; the broker calls it once, on close. */
  void close() {
    Subscription h;
    synchronized (this) {
      h = hints;
      hints = null;
    }
    listeners.clear();
    if (h != null) {
      h.close();
    }
  }
}
