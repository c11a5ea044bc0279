/**
 * The steps of the end-to-end benchmark on Redis, shared by the backends' benchmarks so that their
 * figures compare. Needs HdrHistogram (an optional dependency of this module) on the classpath.
 */
package dev.taskbed.redis.testing.bench;
