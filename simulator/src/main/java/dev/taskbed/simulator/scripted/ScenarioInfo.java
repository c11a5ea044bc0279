package dev.taskbed.simulator.scripted;

/**
 * What a scenario is: its number and title as in the issue, and the guarantee it checks.
 *
 * @param number 1–10
 * @param title short title for the report table
 * @param guarantee the guarantee, one or two sentences
 */
public record ScenarioInfo(int number, String title, String guarantee) {}
