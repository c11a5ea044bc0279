package dev.taskbed.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures what loggers write, through logback (the real SLF4J backend of these tests). Each event's
 * MDC is fixed at the moment it is logged, as an asynchronous appender would see it.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  final List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
  private final List<Logger> loggers;
  private final List<Level> previous;

  /** Captures everything at INFO and above from these loggers (by name). */
  LogCapture(String... names) {
    this.loggers = java.util.Arrays.stream(names).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
    this.previous = loggers.stream().map(Logger::getLevel).toList();
    setContext(loggers.get(0).getLoggerContext());
    start();
    for (Logger l : loggers) {
      l.setLevel(Level.INFO);
      l.addAppender(this);
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    lines.add(event);
  }

  List<ILoggingEvent> at(Level level) {
    return lines.stream().filter(e -> e.getLevel() == level).toList();
  }

  List<ILoggingEvent> containing(String text) {
    return lines.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
  }

  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).detachAppender(this);
      loggers.get(i).setLevel(previous.get(i));
    }
    stop();
  }
}
