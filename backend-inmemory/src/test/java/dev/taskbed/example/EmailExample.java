package dev.taskbed.example;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.ServeMux;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.Broker;
import java.time.Duration;

/**
 * The README's example, compiled and run by the build ({@code EmailExampleTest}). The part between
 * the README markers must appear in README.md exactly; {@code ReadmeTest} checks it.
 */
final class EmailExample {
  /** Sends mail; the example's stand-in for an SMTP client. */
  interface Mailer {
    /** Returns false when the mail server is busy and the caller should try again. */
    boolean trySend(String to, String subject) throws InterruptedException;
  }

  private EmailExample() {}

  static String run(Mailer mailer) throws Exception {
    // README:begin
    record Email(String to, String subject) {}

    Broker broker = InMemoryBroker.create(); // or a JedisBroker / RedissonBroker

    // The handler runs on a worker thread. It honours cancellation (timeout, deadline,
    // shutdown, lost lease): blocking calls are interrupted and ctx says why.
    ServeMux mux = new ServeMux().handle("email:send", (ctx, task) -> {
      Email email = ctx.payloadAs(Email.class);
      while (!mailer.trySend(email.to(), email.subject())) {
        ctx.throwIfCancelled();
        Thread.sleep(100);
      }
    });

    // A worker serving two queues; 'critical' is picked twice as often as 'default'.
    Server server = Server.create(broker, WorkerConfig.builder()
        .concurrency(10)
        .queue("critical", 6)
        .queue("default", 3)
        .build(), mux);
    server.start();

    // A producer: three retries at most, delivered one second from now.
    Client client = Client.create(broker);
    EnqueueResult result = client.enqueue(
        Task.json("email:send", new Email("ada@example.com", "Welcome aboard")),
        TaskOptions.builder().queue("critical").maxRetry(3).processIn(Duration.ofSeconds(1)).build());
    System.out.println("enqueued " + result.taskId() + " as " + result.state());
    // README:end

    awaitDrained(broker);
    server.shutdown();
    return result.taskId();
  }

  private static void awaitDrained(Broker broker) throws InterruptedException {
    InMemoryBroker inMemory = (InMemoryBroker) broker;
    for (int i = 0; i < 100 && inMemory.stats("critical").unfinished() > 0; i++) {
      Thread.sleep(50);
    }
  }
}
