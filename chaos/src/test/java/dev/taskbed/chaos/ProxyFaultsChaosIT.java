package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.EnqueueTimeoutsScenario;
import dev.taskbed.chaos.scenarios.LostClaimRepliesScenario;
import dev.taskbed.chaos.scenarios.SlowNetworkScenario;
import dev.taskbed.chaos.scenarios.TornConnectionsScenario;
import dev.taskbed.chaos.scenarios.ZombieWorkerScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenarios that put a real Toxiproxy server between the clients and Redis in Docker, on one
 * Docker network (scenarios 1–4 and 8), each on both backends.
 */
class ProxyFaultsChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void lost_replies_during_claim_strand_tasks_only_until_their_leases_expire(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new LostClaimRepliesScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void a_zombie_worker_is_fenced_off_and_its_late_acks_change_nothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new ZombieWorkerScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void enqueue_timeouts_leave_every_acknowledged_task_exactly_once(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new EnqueueTimeoutsScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void torn_connections_leave_no_partial_state(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new TornConnectionsScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void a_slow_network_slows_things_down_without_anomalies(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new SlowNetworkScenario(), backend));
  }
}
