package dev.taskbed.simulator.metrics;

import java.util.Locale;

/** The events a run counts. Declaration order is the order reports list them in. */
public enum Counter {
  ENQUEUE_ATTEMPTS("enqueue attempts", "producer enqueue calls"),
  ENQUEUED("enqueued", "tasks created (acknowledged enqueues)"),
  DUPLICATES_REFUSED("duplicates refused", "enqueues refused by a uniqueness lock"),
  ENQUEUE_FAILED("enqueue failed", "enqueues that failed or whose outcome is unknown"),
  STARTED("attempts started", "leases granted to workers"),
  COMPLETED("completed", "tasks acked as done"),
  RETRIED("retried", "attempts that failed and were scheduled to run again"),
  ARCHIVED("archived", "tasks archived by a worker (retries exhausted)"),
  RECOVERED("recovered", "expired leases recovered (crashed or stalled workers)"),
  REQUEUED("requeued", "tasks given back at shutdown"),
  ACKS_REFUSED("acks refused", "acks the broker refused as LEASE_LOST (fencing at work)"),
  EXTENDS_REFUSED("extends refused", "lease renewals refused as LEASE_LOST");

  private final String label;
  private final String meaning;

  Counter(String label, String meaning) {
    this.label = label;
    this.meaning = meaning;
  }

  public String label() {
    return label;
  }

  public String meaning() {
    return meaning;
  }

  /** The JSON field name, e.g. {@code duplicatesRefused}. */
  public String key() {
    StringBuilder s = new StringBuilder();
    boolean upper = false;
    for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }
}
