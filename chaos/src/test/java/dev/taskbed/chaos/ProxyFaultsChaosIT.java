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
  void lostRepliesDuringClaim_strandTasksOnlyUntilTheirLeasesExpire(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new LostClaimRepliesScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void aZombieWorker_isFencedOff_andItsLateAcksChangeNothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new ZombieWorkerScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void enqueueTimeouts_leaveEveryAcknowledgedTaskExactlyOnce(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new EnqueueTimeoutsScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void tornConnections_leaveNoPartialState(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new TornConnectionsScenario(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void aSlowNetwork_slowsThingsDown_withoutAnomalies(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new SlowNetworkScenario(), backend));
  }
}
