package dev.taskbed.simulator.verdict;

/**
 * One thing a run verified besides the history check.
 *
 * @param what what was checked, as a sentence
 * @param passed whether it held
 * @param detail the numbers behind it
 * @param evidence whether this check is evidence that a fault fired (a run whose fault was never
 *     observed fails, whatever else held)
 */
public record Check(String what, boolean passed, String detail, boolean evidence) {}
