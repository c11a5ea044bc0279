package dev.taskbed.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys of OpenTelemetry's messaging semantic conventions this module sets, and the
 * Taskbed-specific ones, named under {@code messaging.taskbed.} as the conventions ask of
 * system-specific attributes. Declared here rather than taken from the incubating semconv artifact,
 * which makes no compatibility promise.
 */
final class MessagingAttributes {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Failed attempts before this one: 0 on the first attempt. */
  static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("messaging.taskbed.retry_count");
  static final AttributeKey<String> TASK_TYPE = AttributeKey.stringKey("messaging.taskbed.task.type");
  /** The broker's answer to an enqueue: created, existing, id_conflict, duplicate, unknown. */
  static final AttributeKey<String> ENQUEUE_OUTCOME = AttributeKey.stringKey("messaging.taskbed.enqueue.outcome");

  static final String SYSTEM_NAME = "taskbed";
  static final String SEND = "send";
  static final String PROCESS = "process";

  private MessagingAttributes() {}
}
