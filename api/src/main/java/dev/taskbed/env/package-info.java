/**
 * Time, scheduling, background execution and randomness, injected into the runtime and the
 * in-memory backend so that tests and simulations run on virtual time and replay from a seed.
 *
 * <p>{@link dev.taskbed.env.Environment#system()} is the production environment;
 * {@link dev.taskbed.env.VirtualEnvironment} is a deterministic, single-threaded event loop over a
 * {@link dev.taskbed.env.ManualClock}.
 */
package dev.taskbed.env;
