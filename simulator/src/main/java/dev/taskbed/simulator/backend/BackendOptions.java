package dev.taskbed.simulator.backend;

import java.net.URI;
import java.time.Clock;

/**
 * What a backend factory may need.
 *
 * @param clock the run's clock (virtual in deterministic mode); backends that keep their own time
 *     (Redis) ignore it
 * @param redisUri where Redis is, for the Redis backends; {@code null} otherwise
 * @param toxiproxyUri the Toxiproxy API, for connection faults; {@code null} when none is used
 */
public record BackendOptions(Clock clock, URI redisUri, URI toxiproxyUri) {}
