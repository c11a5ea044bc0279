package dev.taskbed.simulator.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A complete, validated simulation scenario: the workload, the worker fleet and the fault
 * schedule. Immutable. Loaded by {@link ScenarioLoader}, whose defaults all live in one commented
 * file, {@code scenarios/email.conf}.
 *
 * @param name scenario name, shown in reports
 * @param seed the one seed every random choice of a run derives from
 * @param settings every effective setting (key to value), sorted by key, as reports print them
 */
public record Scenario(
    String name,
    long seed,
    RunSpec run,
    WorkerFleetSpec workers,
    List<TaskKind> tasks,
    List<ProducerSpec> producers,
    List<FaultSpec> faults,
    Map<String, String> settings) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    tasks = List.copyOf(tasks);
    producers = List.copyOf(producers);
    faults = List.copyOf(faults);
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /** The task kind called {@code name}. */
  public TaskKind task(String kindName) {
    return tasks.stream().filter(t -> t.name().equals(kindName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no task kind " + kindName));
  }

  /** Every queue the workload uses or the workers serve, sorted. */
  public List<String> queues() {
    TreeSet<String> all = new TreeSet<>(workers.queues().keySet());
    tasks.forEach(t -> all.add(t.queue()));
    return List.copyOf(all);
  }
}
