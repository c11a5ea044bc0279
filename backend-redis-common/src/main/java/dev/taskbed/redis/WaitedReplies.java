package dev.taskbed.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link RedisDriver#evalAndWait} got back: one reply per script call, in order (the reply,
 * or a {@link RedisDriverException} for an error reply to that call), and {@code WAIT}'s answer.
 *
 * @param replies one entry per call
 * @param replicasReached the number of replicas {@code WAIT} reported, or {@link #UNKNOWN} when its
 *     answer could not be read (the client reported the batch as failed)
 */
public record WaitedReplies(List<Object> replies, long replicasReached) {
  /** {@link #replicasReached} when {@code WAIT}'s answer is not known. */
  public static final long UNKNOWN = -1;

  public WaitedReplies {
    // entries may be null (nil replies), so no List.copyOf
    replies = Collections.unmodifiableList(new ArrayList<>(replies));
  }
}
