package dev.taskbed.conformance.mutants;

import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.BrokerPolicy;
import java.util.function.BiFunction;

/** The deliberately broken brokers the conformance suite must catch, one realistic bug each. */
enum Mutant {
  ACCEPTS_STALE_TOKEN("accepts a stale token", (c, p) -> new StaleTokenAcceptingBroker(new InMemoryBroker(c, p))),
  LOSES_ONE_ENQUEUE_IN_500("loses 1 enqueue in 500", (c, p) -> new LossyEnqueueBroker(new InMemoryBroker(c, p), c)),
  DELIVERS_1_MS_EARLY("delivers a scheduled task 1 ms early", (c, p) -> {
    ShiftableClock clock = new ShiftableClock(c);
    return new EarlyDeliveryBroker(new InMemoryBroker(clock, p), clock);
  }),
  IGNORES_PAUSE("ignores pause", (c, p) -> new PauseIgnoringBroker(new InMemoryBroker(c, p))),
  DOUBLE_DELIVERS_TO_CONCURRENT_CLAIMERS("hands the same task to two concurrent claimers",
      (c, p) -> new RacingClaimBroker(new InMemoryBroker(c, p))),
  RETRIES_ONE_TIME_TOO_MANY("retries one time too many", (c, p) -> new ExtraRetryBroker(new InMemoryBroker(c, p))),
  BREAKS_FIFO("breaks FIFO within a queue", (c, p) -> new FifoBreakingBroker(new InMemoryBroker(c, p))),
  RESURRECTS_COMPLETED_TASK("resurrects a completed task on recover", (c, p) -> new ResurrectingBroker(new InMemoryBroker(c, p), c)),
  FORGETS_RETENTION("forgets retention", (c, p) -> new RetentionForgettingBroker(new InMemoryBroker(c, p))),
  IGNORES_UNIQUE_FOR("ignores uniqueFor", (c, p) -> new UniqueForIgnoringBroker(new InMemoryBroker(c, p))),
  REVIVES_EXPIRED_LEASE("lets extendLease revive an expired lease", (c, p) -> {
    ShiftableClock clock = new ShiftableClock(c);
    return new LeaseRevivingBroker(new InMemoryBroker(clock, p), clock);
  }),
  COUNTS_REQUEUE_AS_RETRY("counts a requeue as a retry", (c, p) -> new RequeueCountingBroker(new InMemoryBroker(c, p))),
  DROPS_LAST_OF_A_BATCHED_COMPLETION("drops the last completion of a batch but reports it done",
      (c, p) -> new BatchDroppingBroker(new InMemoryBroker(c, p))),
  COUNTS_AN_UNCOUNTED_RETRY("counts a retry sent with countAttempt=false",
      (c, p) -> new UncountedRetryCountingBroker(new InMemoryBroker(c, p))),
  DROPS_THE_ERROR_ON_ARCHIVE("drops the error passed to archive",
      (c, p) -> new ArchiveErrorDroppingBroker(new InMemoryBroker(c, p))),
  IGNORES_HEADERS_ON_ID_REUSE("ignores headers when comparing a reused id's content",
      (c, p) -> new HeaderBlindIdReuseBroker(new InMemoryBroker(c, p))),
  IGNORES_RETENTION_ON_ID_REUSE("ignores the retention option when comparing a reused id's content",
      (c, p) -> new RetentionBlindIdReuseBroker(new InMemoryBroker(c, p))),
  RACES_ON_THE_UNIQUE_KEY("checks and then takes the uniqueness lock in two steps",
      (c, p) -> new UniqueKeyRaceBroker(new InMemoryBroker(c, p))),
  RACES_ON_THE_TASK_ID("checks and then writes a new task id in two steps",
      (c, p) -> new EnqueueIdRaceBroker(new InMemoryBroker(c, p))),
  NO_HINT_ON_RETRY("sends no hint on retry", (c, p) -> new NoHintOnRetryBroker(new InMemoryBroker(c, p))),
  NO_HINT_ON_RUN_NOW("sends no hint on run-now", (c, p) -> new NoHintOnRunNowBroker(new InMemoryBroker(c, p))),
  NO_HINT_ON_FORWARD("sends no hint on forward", (c, p) -> new NoHintOnForwardBroker(new InMemoryBroker(c, p))),
  HINTS_UNDER_THE_LOCK("calls hint listeners with its lock held", (c, p) -> new HintUnderLockBroker(new InMemoryBroker(c, p))),
  TRIM_RELEASES_A_LIVE_LOCK("releases uniqueness locks when trimming archived tasks",
      (c, p) -> new TrimReleasingLockBroker(new InMemoryBroker(c, p))),
  PURGE_TOMBSTONES_NEVER_EXPIRE("leaves purge tombstones that never expire",
      (c, p) -> new EternalPurgeTombstoneBroker(new InMemoryBroker(c, p))),
  IGNORES_THE_REPLAY_FLAG("ignores the replay flag of a resent claim",
      (c, p) -> new ReplayFlagIgnoringBroker(new InMemoryBroker(c, p))),
  LISTS_NEW_LEASES_BEFORE_REPLAYED_ONES("lists new leases before replayed ones",
      (c, p) -> new ReplayNewFirstBroker(new InMemoryBroker(c, p))),
  ADMITS_BATCH_CHUNKS_OUT_OF_ORDER("admits a batch's first chunk after the later ones",
      (c, p) -> new BatchOutOfOrderBroker(new InMemoryBroker(c, p)));

  private final String bug;
  private final BiFunction<ManualClock, BrokerPolicy, ForwardingBroker> make;

  Mutant(String bug, BiFunction<ManualClock, BrokerPolicy, ForwardingBroker> make) {
    this.bug = bug;
    this.make = make;
  }

  /** The bug, in the words of the issue that asked for it. */
  String bug() {
    return bug;
  }

  BrokerFactory factory() {
    return (clock, policy) -> BrokerUnderTest.of(make.apply(clock, policy));
  }
}
