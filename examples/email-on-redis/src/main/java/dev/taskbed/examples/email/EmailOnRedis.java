package dev.taskbed.examples.email;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.ServeMux;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.spi.Broker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's example as an application runs it: on Redis through the Jedis backend. Between the
 * README markers the code is the README's, except for the line that creates the broker
 * ({@code ReadmeExampleTest} checks it).
 *
 * <p>{@code java ... dev.taskbed.examples.email.EmailOnRedis redis://127.0.0.1:6379} sends the
 * welcome mail through a worker and exits 0 once it was sent.
 */
public final class EmailOnRedis implements AutoCloseable {
  /** Sends mail; the example's stand-in for an SMTP client. */
  public interface Mailer {
    /** Returns false when the mail server is busy and the caller should try again. */
    boolean trySend(String to, String subject) throws InterruptedException;
  }

  private final Broker broker;
  private final Server server;
  private final Client client;
  private final EnqueueResult result;

  private EmailOnRedis(Broker broker, Server server, Client client, EnqueueResult result) {
    this.broker = broker;
    this.server = server;
    this.client = client;
    this.result = result;
  }

  /** Starts a worker on the Redis at {@code redisUri} and enqueues the welcome mail. */
  public static EmailOnRedis start(String redisUri, Mailer mailer) {
    // README:begin
    record Email(String to, String subject) {}

    Broker broker = JedisBroker.create(RedisBrokerConfig.standalone(redisUri).build());

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

    return new EmailOnRedis(broker, server, client, result);
  }

  /** What the enqueue returned. */
  public EnqueueResult enqueued() {
    return result;
  }

  /** Shuts the worker down gracefully (running handlers finish, their acks are sent), then disconnects. */
  @Override
  public void close() {
    server.shutdown();
    client.close();
    broker.close();
  }

  public static void main(String[] args) throws InterruptedException {
    String redisUri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
    CountDownLatch sent = new CountDownLatch(1);
    try (EmailOnRedis example = start(redisUri, (to, subject) -> {
      System.out.println("mail to " + to + ": " + subject);
      sent.countDown();
      return true;
    })) {
      if (!sent.await(30, TimeUnit.SECONDS)) {
        System.err.println("task " + example.enqueued().taskId() + ": the welcome mail was not sent within 30 s");
        System.exit(1);
      }
    }
  }
}
