package dev.taskbed.conformance.assertions;

import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.ClaimResult;
import org.assertj.core.api.Assertions;

/**
 * Entry point for the kit's domain assertions, for use next to AssertJ's:
 * {@code import static dev.taskbed.conformance.assertions.TaskbedAssertions.*}.
 */
public final class TaskbedAssertions {
  private TaskbedAssertions() {}

  public static TaskInfoAssert assertThat(TaskInfo actual) {
    return new TaskInfoAssert(actual);
  }

  public static ClaimResultAssert assertThat(ClaimResult actual) {
    return new ClaimResultAssert(actual);
  }

  public static EnqueueResultAssert assertThat(EnqueueResult actual) {
    return new EnqueueResultAssert(actual);
  }

  /** Assertions on {@code queue} as {@code admin} shows it. */
  public static QueueAssert assertThatQueue(BrokerAdmin admin, String queue) {
    return new QueueAssert(admin, queue);
  }

  /** Fails with the report's Markdown summary unless the history check found nothing. */
  public static void assertClean(HistoryReport report) {
    Assertions.assertThat(report.valid()).as("history check:%n%s", report.toMarkdown()).isTrue();
  }
}
