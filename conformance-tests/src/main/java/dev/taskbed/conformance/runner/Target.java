package dev.taskbed.conformance.runner;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;

/** One side of a comparison run: the reference model or the broker under test. */
record Target(Broker broker, BrokerAdmin admin) {}
