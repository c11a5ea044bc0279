package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.RedisScripts;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code NOSCRIPT} after {@code SCRIPT FLUSH} (what a restart or failover looks like to a client) is
 * answered by reloading the script, invisibly to callers, on every path: single calls, batched
 * acks, and the pipelined batch enqueue, on a single node and on a cluster.
 */
public abstract class ScriptReloadContract extends RedisBrokerContract {

  private static void scriptFlush(RedisFixture redis) {
    for (int i = 0; i < redis.nodes().size(); i++) {
      try (RespClient c = redis.client(i)) {
        c.call("SCRIPT", "FLUSH");
        assertThat(c.call("SCRIPT", "EXISTS", RedisScripts.sha("claim"))).isEqualTo(List.of(0L));
      }
    }
  }

  /** Whether {@code script} ({@link RedisScripts} names it) is in the script cache of a node (in a cluster: the one that ran it). */
  private static boolean cachedOnSomeNode(RedisFixture redis, String script) {
    for (int i = 0; i < redis.nodes().size(); i++) {
      try (RespClient c = redis.client(i)) {
        if (List.of(1L).equals(c.call("SCRIPT", "EXISTS", RedisScripts.sha(script)))) {
          return true;
        }
      }
    }
    return false;
  }

  private void everyOperationReloads(RedisFixture redis) {
    redis.flushAll();
    try (RedisBroker broker = open(redis, RedisBrokerSettings.defaults())) {
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      scriptFlush(redis);
      assertThat(broker.enqueue(request("b", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      scriptFlush(redis);
      ClaimResult claim = broker.claim(new ClaimRequest("r", List.of("q"), 2, 30_000));
      assertThat(claim.leases()).hasSize(2);
      scriptFlush(redis);
      assertThat(broker.complete(claim.leases().get(0).token())).isEqualTo(AckStatus.OK);
      scriptFlush(redis);
      assertThat(broker.extendLeases(List.of(claim.leases().get(1).token()), 10_000)).containsExactly(AckStatus.OK);
      scriptFlush(redis);
      assertThat(broker.stats("q").active()).isEqualTo(1);
      assertThat(cachedOnSomeNode(redis, "stats")).as("the stats script was loaded again").isTrue();
    }
  }

  private void pipelinedBatchReloads(RedisFixture redis) {
    redis.flushAll();
    try (RedisBroker broker = open(redis, RedisBrokerSettings.builder().enqueueChunk(3).build())) {
      broker.enqueue(request("warm", "q", 0));
      scriptFlush(redis);
      List<EnqueueRequest> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(request("t" + i, List.of("q", "p", "r", "s").get(i % 4), 0));
      }
      List<EnqueueResult> results = broker.enqueueBatch(batch);
      assertThat(results).extracting(EnqueueResult::outcome).containsOnly(EnqueueOutcome.CREATED);
      assertThat(broker.list("q", TaskState.PENDING, 0, 100).items()).extracting(TaskInfo::id)
          .containsExactly("warm", "t0", "t4", "t8", "t12", "t16");
      assertThat(broker.list("s", TaskState.PENDING, 0, 100).items()).extracting(TaskInfo::id)
          .containsExactly("t3", "t7", "t11", "t15", "t19");
    }
  }

  @Test
  void every_operation_after_script_flush_reloads_the_script_and_succeeds_single_node() {
    everyOperationReloads(SharedRedis.local());
  }

  @Test
  void every_operation_after_script_flush_reloads_the_script_and_succeeds_cluster() {
    everyOperationReloads(SharedRedis.cluster());
  }

  @Test
  void pipelined_batch_enqueue_after_script_flush_reloads_and_keeps_order_single_node() {
    pipelinedBatchReloads(SharedRedis.local());
  }

  @Test
  void pipelined_batch_enqueue_after_script_flush_reloads_and_keeps_order_cluster() {
    pipelinedBatchReloads(SharedRedis.cluster());
  }
}
