package dev.taskbed.opentelemetry;

/**
 * How a handler's CONSUMER span relates to the PRODUCER span of the enqueue that created the task
 * (read from the task's headers).
 */
public enum ConsumerSpanRelation {
  /**
   * The consumer span is a child of the producer span: enqueue and every attempt of the task form
   * one trace. The default; suits tasks processed soon after they were enqueued.
   */
  CHILD,
  /**
   * The consumer span starts a trace of its own and links to the producer span. Suits tasks that
   * run long after the request that enqueued them (scheduled, retried for hours), where one trace
   * spanning days is more noise than help.
   */
  LINK
}
