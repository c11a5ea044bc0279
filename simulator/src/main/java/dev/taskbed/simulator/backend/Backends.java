package dev.taskbed.simulator.backend;

import java.util.List;
import java.util.stream.Collectors;

/** The backends {@code --backend} knows, by name. */
public final class Backends {
  private static final List<BackendFactory> ALL = List.of(
      new InMemoryBackendFactory(),
      new RedisBackendFactory(RedisDriver.JEDIS),
      new RedisBackendFactory(RedisDriver.REDISSON));

  private Backends() {}

  /** The factory called {@code name}; rejects an unknown name listing the known ones. */
  public static BackendFactory named(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown backend \"" + name + "\"; choose one of " + names()));
  }

  public static String names() {
    return ALL.stream().map(BackendFactory::name).collect(Collectors.joining(", "));
  }
}
