package dev.taskbed.conformance.runner;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one call observably did: returned a value, or threw an exception of some class. Two
 * outcomes are equal when the values are equal, or when the exceptions have the same class
 * (messages are free text and not compared).
 */
record Outcome(Object value, Class<? extends Throwable> error, String message) {

  static Outcome of(Supplier<?> call) {
    try {
      return new Outcome(call.get(), null, null);
    } catch (RuntimeException e) {
      return new Outcome(null, e.getClass(), e.getMessage());
    }
  }

  boolean threw() {
    return error != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outcome other && Objects.equals(value, other.value) && Objects.equals(error, other.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, error);
  }

  @Override
  public String toString() {
    return threw() ? "threw " + error.getSimpleName() + (message == null ? "" : " (" + message + ")") : String.valueOf(value);
  }
}
