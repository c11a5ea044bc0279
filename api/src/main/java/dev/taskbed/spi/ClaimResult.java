package dev.taskbed.spi;

import java.util.List;

/**
 * The leases a claim obtained.
 *
 * @param leases claimed tasks in claim order (queue order, then each queue's own order; after a
 *     replay, the replayed leases come first, see {@link Broker#claim})
 * @param millisUntilNextDue time from the broker's now until the earliest SCHEDULED or RETRY task
 *     in the request's unpaused queues becomes due (0 if one is already due), or -1 if there is
 *     none, counting the tasks that remain after this claim took its leases; lets an idle worker
 *     sleep exactly until work appears
 */
public record ClaimResult(List<Lease> leases, long millisUntilNextDue) {
  public ClaimResult {
    leases = List.copyOf(leases);
  }
}
