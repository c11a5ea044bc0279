/**
 * Taskbed's public API ({@code dev.taskbed}), the backend SPI ({@code dev.taskbed.spi}) and the
 * injected environment ({@code dev.taskbed.env}). The runtime behind {@code Client}, {@code Server}
 * and {@code Inspector} lives in {@code dev.taskbed.internal}, which this module does not export:
 * on the module path it cannot be used at all, and on the class path every Taskbed module's
 * ArchitectureTest forbids it.
 *
 * <p>JSON payload helpers read and write the application's own types through Jackson
 * ({@code PayloadCodec}); on the module path, open the packages of those types to
 * {@code com.fasterxml.jackson.databind}.
 */
module dev.taskbed {
  requires transitive com.fasterxml.jackson.databind; // PayloadCodec.jackson takes an ObjectMapper
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires transitive org.slf4j; // LoggingConfig takes an org.slf4j.event.Level

  exports dev.taskbed;
  exports dev.taskbed.spi;
  exports dev.taskbed.env;
  exports dev.taskbed.event;
}
