/**
 * The integration tests every Redis-based backend must pass alike, as abstract {@code *Contract}
 * classes: a backend runs one through a small subclass (named {@code *IT} for Failsafe) that says
 * how to open its broker on a {@link dev.taskbed.redis.RedisBrokerConfig}.
 */
package dev.taskbed.redis.testing.contracts;
