package dev.taskbed;

import dev.taskbed.internal.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Routes tasks to handlers by type: an exact match wins, otherwise the longest registered pattern
 * that is a prefix of the type ({@code "email:"} matches {@code "email:welcome"}). A task with no
 * matching handler makes {@link #handle} throw {@link NoHandlerException}, which the worker turns
 * into an archive with reason "no handler".
 *
 * <p>Middleware registered with {@link #use} wraps every routed handler, the first registered
 * outermost. Register everything before the worker starts; registration is thread-safe but a
 * task already dispatched keeps the routing it saw.
 */
public final class ServeMux implements Handler {
  private final Map<String, Handler> routes = new TreeMap<>();
  private final List<Middleware> middleware = new ArrayList<>();

  /** A mux with no routes and no middleware. */
  public ServeMux() {}

  /** Registers {@code handler} for {@code pattern}; a pattern can be registered once. */
  public synchronized ServeMux handle(String pattern, Handler handler) {
    Validation.taskType(pattern);
    Objects.requireNonNull(handler, "handler");
    if (routes.containsKey(pattern)) {
      throw new InvalidOptionException("handler pattern", pattern, "a handler is already registered for it");
    }
    routes.put(pattern, handler);
    return this;
  }

  /** Adds middleware around every handler. */
  public synchronized ServeMux use(Middleware m) {
    middleware.add(Objects.requireNonNull(m, "middleware"));
    return this;
  }

  /** The handler a task of this type is routed to, without middleware; {@code null} when none matches. */
  public synchronized Handler route(String type) {
    Handler exact = routes.get(type);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String pattern : routes.keySet()) {
      if (type.startsWith(pattern) && (best == null || pattern.length() > best.length())) {
        best = pattern;
      }
    }
    return best == null ? null : routes.get(best);
  }

  @Override
  public void handle(TaskContext ctx, Task task) throws Exception {
    Handler target;
    List<Middleware> chain;
    synchronized (this) {
      target = route(task.type());
      chain = List.copyOf(middleware);
    }
    if (target == null) {
      throw new NoHandlerException(task.type());
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      target = chain.get(i).wrap(target);
    }
    target.handle(ctx, task);
  }
}
