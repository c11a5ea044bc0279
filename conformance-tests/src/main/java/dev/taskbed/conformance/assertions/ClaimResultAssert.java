package dev.taskbed.conformance.assertions;

import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link ClaimResult}. */
public final class ClaimResultAssert extends AbstractObjectAssert<ClaimResultAssert, ClaimResult> {
  ClaimResultAssert(ClaimResult actual) {
    super(actual, ClaimResultAssert.class);
  }

  /** The claim delivered exactly these task ids, in this order. */
  public ClaimResultAssert claimed(String... taskIds) {
    isNotNull();
    List<String> got = actual.leases().stream().map(l -> l.token().taskId()).toList();
    if (!got.equals(Arrays.asList(taskIds))) {
      failWithMessage("expected the claim to deliver %s (in this order) but it delivered %s", Arrays.asList(taskIds), got);
    }
    return this;
  }

  /** The claim delivered nothing. */
  public ClaimResultAssert claimedNothing() {
    isNotNull();
    if (!actual.leases().isEmpty()) {
      failWithMessage("expected the claim to deliver nothing but it delivered %s",
          actual.leases().stream().map(l -> l.token().taskId()).toList());
    }
    return this;
  }

  /** The earliest delayed task becomes due in exactly {@code millis} ({@code -1}: there is none). */
  public ClaimResultAssert reportsNextDueIn(long millis) {
    isNotNull();
    if (actual.millisUntilNextDue() != millis) {
      failWithMessage("expected millisUntilNextDue %d but it is %d", millis, actual.millisUntilNextDue());
    }
    return this;
  }

  /** The only lease delivered. */
  public Lease singleLease() {
    isNotNull();
    if (actual.leases().size() != 1) {
      failWithMessage("expected exactly one lease but got %d: %s", actual.leases().size(), actual.leases());
    }
    return actual.leases().get(0);
  }
}
