package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.conformance.runner.PropertyResult;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The root of every contract group: the fixture accessor and the vocabulary the example tests are
 * written in. A group is an interface of {@code default} test methods extending this one; the
 * {@link dev.taskbed.conformance.BrokerConformanceSuite} composes the groups, one {@code @Nested}
 * class each, and binds {@link #fixture()} to the broker it opened for the test.
 */
public interface BrokerContract {
  /** The queue the example tests use. */
  String Q = "default";
  /** A second queue, for tests across queues. */
  String OTHER = "critical";
  /** A lease long enough that no example test lets it lapse by accident. */
  long LEASE = 30_000;
  /** Small archive bounds, so trimming is testable with a handful of tasks. */
  BrokerPolicy TEST_POLICY = new BrokerPolicy(3, Duration.ofDays(1), Duration.ofMinutes(10));

  /** The running test's fixture, opened with {@link #TEST_POLICY}. */
  ConformanceFixture fixture();

  default Broker broker() {
    return fixture().broker();
  }

  default BrokerAdmin admin() {
    return fixture().admin();
  }

  default long now() {
    return fixture().clock().millis();
  }

  default void advance(long millis) {
    fixture().clock().advance(Duration.ofMillis(millis));
  }

  default EnqueueResult enqueue(TaskRequests task) {
    return broker().enqueue(task.build());
  }

  /** Enqueues immediately due tasks with these ids to {@code queue}, in order. */
  default void enqueueAll(String queue, String... ids) {
    for (String id : ids) {
      assertThat(enqueue(TaskRequests.task(id).queue(queue))).wasCreated(TaskState.PENDING);
    }
  }

  default ClaimResult claim(int maxTasks, long leaseMillis, String... queues) {
    return broker().claim(new ClaimRequest(fixture().nextRequestId(), List.of(queues), maxTasks, leaseMillis));
  }

  default ClaimResult claim(String... queues) {
    return claim(10, LEASE, queues);
  }

  default Lease claimOne(String queue) {
    return assertThat(claim(1, LEASE, queue)).singleLease();
  }

  default TaskInfo task(String queue, String id) {
    return admin().get(queue, id).orElseThrow(() -> new AssertionError("no task " + queue + "/" + id));
  }

  /** Skips the test (visibly) unless the backend runs on the injected virtual clock. */
  default void assumeVirtualTime() {
    Assumptions.assumeTrue(fixture().capabilities().virtualTime(),
        "the backend does not read the injected clock (declared in capabilities()): exact time tests do not apply");
  }

  /** Prints a generated property's summary and fails with its report unless it passed. */
  default void assertPasses(PropertyResult result) {
    System.out.println("[taskbed-conformance] " + result.summary());
    if (!result.passed()) {
      System.err.println(result.failure().orElseThrow().report());
      fail(result.failure().orElseThrow().report());
    }
  }
}
