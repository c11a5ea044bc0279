package dev.taskbed.redis.redisson;

import dev.taskbed.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.redisson.api.RFuture;
import org.redisson.api.RPatternTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.PatternMessageListener;
import org.redisson.api.listener.PatternStatusListener;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's one pattern subscription to the wake-up channels, on Redisson's {@link RPatternTopic}.
 *
 * <p>Redisson keeps a subscription alive by itself: when its connection breaks it reconnects and
 * subscribes again, and tells status listeners each time ({@code onPSubscribe}), which is when the
 * broker must assume hints were lost ({@code onSubscribed}). What Redisson does not do is retry the
 * <em>first</em> subscription: if Redis is unreachable then, adding the listener fails. This class
 * retries that with backoff until it succeeds or is closed, so that, as with the Jedis driver,
 * subscribing never fails and never blocks the caller. In a cluster Redisson subscribes the pattern
 * on every primary; as {@code PUBLISH} reaches every node, a hint then arrives once per primary,
 * which only wakes idle workers a few more times.
 */
final class HintSubscription implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(HintSubscription.class);
  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final RPatternTopic topic;
  private final BiConsumer<byte[], byte[]> onMessage;
  private final Runnable onSubscribed;
  private final ScheduledExecutorService retries;
  private final List<Integer> listenerIds = new ArrayList<>();
  private long backoff = FIRST_BACKOFF_MILLIS;
  private boolean closed;

  HintSubscription(RedissonClient client, String pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed,
      ScheduledExecutorService retries) {
    this.topic = client.getPatternTopic(pattern, ByteArrayCodec.INSTANCE);
    this.onMessage = onMessage;
    this.onSubscribed = onSubscribed;
    this.retries = retries;
  }

  /** Starts subscribing in the background; returns at once. */
  HintSubscription start() {
    subscribe();
    return this;
  }

  private void subscribe() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    PatternStatusListener status = new PatternStatusListener() {
      @Override
      public void onPSubscribe(String p) {
        onSubscribed.run(); // every resubscription after a broken connection: hints may be lost
      }

      @Override
      public void onPUnsubscribe(String p) {
        // only on close
      }
    };
    PatternMessageListener<byte[]> messages =
        (p, channel, msg) -> onMessage.accept(channel.toString().getBytes(StandardCharsets.UTF_8), msg);
    RFuture<Integer> statusId;
    try {
      statusId = topic.addListenerAsync(status);
    } catch (RuntimeException e) {
      retryLater(e, List.of()); // a lazily initialised client that cannot connect throws here
      return;
    }
    statusId.whenComplete((sid, e1) -> {
      if (e1 != null) {
        retryLater(e1, List.of());
        return;
      }
      RFuture<Integer> messageId;
      try {
        messageId = topic.addListenerAsync(byte[].class, messages);
      } catch (RuntimeException e) {
        retryLater(e, List.of(sid));
        return;
      }
      messageId.whenComplete((mid, e2) -> {
        if (e2 != null) {
          retryLater(e2, List.of(sid));
          return;
        }
        boolean stale;
        synchronized (this) {
          stale = closed;
          if (!stale) {
            listenerIds.add(sid);
            listenerIds.add(mid);
            backoff = FIRST_BACKOFF_MILLIS;
          }
        }
        if (stale) {
          topic.removeListenerAsync(sid, mid);
        } else {
          onSubscribed.run();
        }
      });
    });
  }

  private void retryLater(Throwable cause, List<Integer> registered) {
    if (!registered.isEmpty()) {
      try {
        topic.removeListenerAsync(registered.toArray(Integer[]::new));
      } catch (RuntimeException e) {
        log.debug("removing a half-registered hint listener failed", e);
      }
    }
    long delay;
    synchronized (this) {
      if (closed) {
        return;
      }
      delay = backoff;
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
    log.debug("wake-up hint subscription failed; retrying in {} ms: {}", delay, cause.toString());
    try {
      retries.schedule(this::subscribe, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the driver is closing
    }
  }

  @Override
  public void close() {
    Integer[] ids;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ids = listenerIds.toArray(Integer[]::new);
      listenerIds.clear();
    }
    if (ids.length > 0) {
      try {
        topic.removeListenerAsync(ids);
      } catch (RuntimeException e) {
        log.debug("removing the hint listeners failed; the client is going away anyway", e);
      }
    }
  }
}
