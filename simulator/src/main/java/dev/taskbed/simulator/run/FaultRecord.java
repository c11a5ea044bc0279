package dev.taskbed.simulator.run;

/**
 * One window of a scheduled fault, as it happened.
 *
 * @param name the fault's name in the scenario
 * @param kind e.g. {@code crash}
 * @param target the worker or queue it hit ("" for proxy faults)
 * @param startMillis start, ms from the beginning of the run
 * @param endMillis end, ms from the beginning of the run
 * @param fired whether it took effect (a crash of a worker that is already down does not)
 * @param observed what it did, e.g. {@code "killed holding 4 task(s)"}
 */
public record FaultRecord(String name, String kind, String target, long startMillis, long endMillis, boolean fired,
    String observed) {}
