package dev.taskbed.simulator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A producer: tasks arrive as a Poisson process at {@code perSecond}, each of a kind drawn from
 * {@code mix} in proportion to its weight.
 *
 * @param name the producer's name ({@code producer.<name>.*})
 * @param perSecond mean arrival rate, {@code > 0}
 * @param mix task kind name to weight, in scenario order (the order matters for replay)
 */
public record ProducerSpec(String name, double perSecond, Map<String, Integer> mix) {
  public ProducerSpec {
    Objects.requireNonNull(name, "name");
    mix = Collections.unmodifiableMap(new LinkedHashMap<>(mix));
  }
}
