package dev.taskbed.conformance.history;

/**
 * Checks a {@link History} for the anomalies in {@link AnomalyKind}, Jepsen-style: it reasons only
 * from what clients saw (invocations, results, outcomes that stayed unknown) and never from the
 * broker's internal state. Immutable and thread-safe; build with {@link #builder()} or use
 * {@link #defaults()}.
 *
 * <h2>What the history must contain</h2>
 *
 * Enqueues, claims, acks and extensions, admin operations and purges, as recorded by
 * {@link RecordingBroker} and {@link RecordingAdmin}. Loss can only be judged against a final read
 * ({@link RecordingAdmin#read}) taken after the run has drained; without one the report says
 * {@code lossChecked=false}. Task ids are assumed unique per queue within a history.
 *
 * <h2>Soundness</h2>
 *
 * Every anomaly reported is certain given the recorded facts, however the operations with unknown
 * outcomes turned out: an unknown enqueue is never lost, an unknown ack may have finished its
 * task, an unknown claim may have delivered anything. Time comparisons use the recorder's clock:
 * an operation's broker {@code now} lies between its invocation's and its completion's clock
 * readings, widened by {@link Builder#clockToleranceMillis} when broker and recorder read different
 * clocks (Redis {@code TIME} against the client's clock).
 */
public final class HistoryChecker {
  /** Examples kept per anomaly kind unless configured otherwise. */
  public static final int DEFAULT_MAX_EXAMPLES = 10;

  private final long clockToleranceMillis;
  private final int maxExamplesPerKind;

  private HistoryChecker(Builder b) {
    this.clockToleranceMillis = b.clockToleranceMillis;
    this.maxExamplesPerKind = b.maxExamplesPerKind;
  }

  /** Zero clock tolerance (broker and recorder share one clock, as on virtual time). */
  public static HistoryChecker defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Checks {@code history}. */
  public HistoryReport check(History history) {
    return new HistoryAnalysis(history, clockToleranceMillis, maxExamplesPerKind).run();
  }

  /** Maximum difference assumed between the broker's clock and the recorder's; default 0. */
  public long clockToleranceMillis() {
    return clockToleranceMillis;
  }

  /** Builds a {@link HistoryChecker}. */
  public static final class Builder {
    private long clockToleranceMillis;
    private int maxExamplesPerKind = DEFAULT_MAX_EXAMPLES;

    private Builder() {}

    /**
     * How far apart the broker's and the recorder's clocks may be; time-based anomalies (early
     * delivery, expired-lease writes, overlapping leases) are reported only beyond it. 0 when both
     * read one clock (virtual time, or a broker in client-clock mode); for real-time Redis
     * histories, the skew bound between client hosts and the Redis server. Default 0.
     */
    public Builder clockToleranceMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("clockToleranceMillis must be >= 0: " + millis);
      }
      this.clockToleranceMillis = millis;
      return this;
    }

    /** Examples kept per kind (counts stay exact); default {@value #DEFAULT_MAX_EXAMPLES}. */
    public Builder maxExamplesPerKind(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxExamplesPerKind must be >= 0: " + n);
      }
      this.maxExamplesPerKind = n;
      return this;
    }

    public HistoryChecker build() {
      return new HistoryChecker(this);
    }
  }
}
