package dev.taskbed.redis;

import dev.taskbed.spi.AckStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit for acks: concurrent acks of one kind and queue share one script call. There is no
 * added delay: the first caller sends at once, and whoever arrives while that call is in flight is
 * sent together in the next one, by one of them. Under load this turns hundreds of round trips into
 * a few; alone, an ack costs exactly one call. Every ack is still judged on its own inside the
 * script, in arrival order, so results equal those of sequential calls.
 */
final class AckCoalescer {
  /** Most acks per script call, to keep each call short on the Redis thread. */
  static final int MAX_BATCH = 256;

  interface Sender {
    List<AckStatus> send(Script script, String queue, List<List<byte[]>> items);
  }

  private record LaneKey(Script script, String queue) {}

  private static final class Pending {
    final List<byte[]> args;
    AckStatus status;
    RuntimeException error;
    boolean done;

    Pending(List<byte[]> args) {
      this.args = args;
    }
  }

  private static final class Lane {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    boolean flushing;
  }

  private final Sender sender;
  private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();

  AckCoalescer(Sender sender) {
    this.sender = sender;
  }

  AckStatus submit(Script script, String queue, List<byte[]> args) {
    Lane lane = lanes.computeIfAbsent(new LaneKey(script, queue), k -> new Lane());
    Pending me = new Pending(args);
    boolean interrupted = false;
    boolean flusher = false;
    synchronized (lane) {
      lane.waiting.add(me);
      while (lane.flushing && !me.done) {
        try {
          lane.wait();
        } catch (InterruptedException e) {
          interrupted = true; // an ack in flight must learn its outcome; re-assert below
        }
      }
      if (!me.done) {
        lane.flushing = true;
        flusher = true;
      }
    }
    try {
      while (!me.done) {
        List<Pending> batch = new ArrayList<>();
        synchronized (lane) {
          while (!lane.waiting.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(lane.waiting.poll());
          }
        }
        flush(script, queue, batch);
        synchronized (lane) {
          lane.notifyAll();
        }
      }
    } finally {
      synchronized (lane) {
        if (flusher) {
          lane.flushing = false;
          lane.notifyAll(); // a waiter takes over the rest
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (me.error != null) {
      throw me.error;
    }
    return me.status;
  }

  private void flush(Script script, String queue, List<Pending> batch) {
    List<AckStatus> statuses;
    try {
      statuses = sender.send(script, queue, batch.stream().map(p -> p.args).toList());
    } catch (RuntimeException e) {
      for (Pending p : batch) {
        p.error = e;
      }
      markDone(batch);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).status = statuses.get(i);
    }
    markDone(batch);
  }

  private static void markDone(List<Pending> batch) {
    for (Pending p : batch) {
      p.done = true;
    }
  }
}
