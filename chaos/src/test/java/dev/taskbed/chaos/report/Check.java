package dev.taskbed.chaos.report;

/**
 * One thing a scenario verified besides the history check.
 *
 * @param what what was checked, as a sentence
 * @param passed whether it held
 * @param detail the numbers behind it
 * @param evidence whether this check is evidence that the fault fired (a scenario whose fault was
 *     never observed fails, whatever else held)
 */
public record Check(String what, boolean passed, String detail, boolean evidence) {}
