package dev.taskbed;

/** Wraps a handler with cross-cutting behaviour (logging, metrics, tracing). */
@FunctionalInterface
public interface Middleware {
  Handler wrap(Handler next);
}
