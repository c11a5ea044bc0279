package dev.taskbed.conformance.runner;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.conformance.model.ReferenceBroker.Milestone;
import dev.taskbed.conformance.model.ReferenceBroker;
import dev.taskbed.conformance.runner.Workload.Kind;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.EnqueueRequests;
import dev.taskbed.spi.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a sequence of steps from a seed. It drives a scratch reference model as it goes, so
 * each step is chosen with knowledge of the state so far (which leases are live, which tasks
 * exist); the result depends only on the seed, the length and the workload, never on the broker
 * under test.
 */
final class OpGenerator {
  /** The queues generated tasks go to, and a queue that never exists. */
  static final List<String> QUEUES = List.of("default", "critical", "low");
  static final String UNKNOWN_QUEUE = "nowhere";
  /** Every run starts its clock here: 2026-01-01T00:00:00Z. */
  static final long EPOCH = new ManualClock().millis();

  private static final byte[][] SHARED_PAYLOADS = {
      new byte[0], "a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)};

  private final SplittableRandom random;
  private final Workload workload;
  private final RunState state;
  private final Target scratch;
  private int taskCounter;
  private int claimCounter;

  private OpGenerator(long seed, Workload workload, BrokerPolicy policy) {
    this.random = new SplittableRandom(seed);
    this.workload = workload;
    // Readable ids that still differ from sequence to sequence (hash-dependent bugs need variety).
    this.taskCounter = random.nextInt(10_000);
    ManualClock clock = new ManualClock(EPOCH);
    ReferenceBroker model = new ReferenceBroker(clock, policy);
    this.state = new RunState(clock, model);
    this.scratch = new Target(model, model);
  }

  /** A generated sequence: the policy its broker runs with, and its steps. */
  record Sequence(long seed, Workload workload, BrokerPolicy policy, List<Op> ops) {
    Sequence {
      ops = List.copyOf(ops);
    }

    Sequence withOps(List<Op> newOps) {
      return new Sequence(seed, workload, policy, newOps);
    }
  }

  static Sequence generate(long seed, int steps, Workload workload) {
    BrokerPolicy policy = policy(new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
    OpGenerator g = new OpGenerator(seed, workload, policy);
    List<Op> ops = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      Op op = g.next();
      ops.add(op);
      SequenceExecutor.applyToModel(op, g.state, g.scratch);
    }
    return new Sequence(seed, workload, policy, ops);
  }

  /** Small bounds, so that trimming and tombstone expiry happen within a short sequence. */
  private static BrokerPolicy policy(SplittableRandom r) {
    int size = pick(r, new int[] {1, 2, 3, 5, 10_000}, new int[] {30, 25, 20, 15, 10});
    // A one-second archive age trims archived tasks right after any clock move: their locks and
    // tombstones then outlive them, the long chains through maintenance that CI size must reach.
    Duration age = Duration.ofMillis(pick(r, new long[] {1_000, 60_000, 3_600_000, 86_400_000, Duration.ofDays(90).toMillis()},
        new int[] {25, 20, 25, 20, 10}));
    Duration window = Duration.ofMillis(pick(r, new long[] {1_000, 60_000, 600_000}, new int[] {40, 35, 25}));
    return new BrokerPolicy(size, age, window);
  }

  private Op next() {
    for (int attempt = 0; ; attempt++) {
      Op op = draw(weighted(workload.weights()));
      if (op != null) {
        return op;
      }
      if (attempt > 20) {
        return enqueue(); // nothing else fits yet: an empty broker
      }
    }
  }

  private Op draw(Kind kind) {
    return switch (kind) {
      case ENQUEUE -> enqueue();
      case ENQUEUE_AGAIN -> {
        TaskKey key = knownTask();
        yield key == null || state.retriable(key) == null ? null : new EnqueueOps.EnqueueAgain(key);
      }
      case ENQUEUE_CONFLICT -> {
        TaskKey key = reuseTarget();
        yield key == null ? null
            : new EnqueueOps.EnqueueReusingId(key, reusedPart(), random.nextLong(), random.nextLong());
      }
      case ENQUEUE_LOOKALIKE -> {
        TaskKey key = lookalikeTarget();
        yield key == null ? null
            : new EnqueueOps.EnqueueLookalike(key, newId(), random.nextLong(), pick(new long[] {1, 500, 60_000}, new int[] {1, 5, 4}));
      }
      case ENQUEUE_BATCH -> batch();
      case CLAIM -> claim();
      case REPLAY_CLAIM -> {
        List<String> ids = state.claimRequestIds();
        yield ids.isEmpty() ? null : new WorkerOps.ReplayClaim(ids.get(ids.size() - 1 - random.nextInt(Math.min(3, ids.size()))),
            random.nextInt(4) != 0, random.nextInt(3) == 0);
      }
      case ACK -> ack();
      case EXTEND -> {
        TokenRef t = tokenRef();
        yield t == null ? null : new WorkerOps.Extend(t, pick(new long[] {1, 1_000, 30_000, 60_000}, new int[] {1, 3, 3, 3}));
      }
      case COMPLETE_MANY -> {
        List<TokenRef> refs = tokenRefs();
        yield refs.isEmpty() ? null : new WorkerOps.CompleteMany(refs);
      }
      case EXTEND_MANY -> {
        List<TokenRef> refs = tokenRefs();
        yield refs.isEmpty() ? null : new WorkerOps.ExtendMany(refs, pick(new long[] {1_000, 30_000}, new int[] {1, 1}));
      }
      case ADVANCE_SMALL -> new TimeOps.Advance(random.nextInt(3) == 0 ? 11 + random.nextInt(989) : 1 + random.nextInt(10));
      case ADVANCE_LARGE -> new TimeOps.Advance(pick(
          new long[] {5_000, 30_000, 60_000, 600_000, 3_600_000, 86_400_000, Duration.ofDays(91).toMillis()},
          new int[] {20, 20, 15, 15, 15, 10, 5}));
      case ADVANCE_TO -> {
        Milestone m = Milestone.values()[weighted(workload.milestoneWeights())];
        yield state.model.nextMilestone(m, state.now()) < 0 ? null : new TimeOps.AdvanceTo(m, random.nextInt(3) - 1);
      }
      case FORWARD -> new AdminOps.ForwardDue(maintenanceQueue(), limit());
      case RECOVER -> new AdminOps.Recover(maintenanceQueue(), limit(), pick(new long[] {0, 1, 1_000}, new int[] {5, 1, 4}));
      case PURGE -> new AdminOps.Purge(random.nextBoolean() ? queueHoldingFinished() : maintenanceQueue(), limit());
      case PAUSE -> new AdminOps.Pause(taskQueue());
      case UNPAUSE -> new AdminOps.Unpause(taskQueue());
      case CHANGE_TASK -> new AdminOps.ChangeTask(AdminOps.Change.values()[weighted(new int[] {35, 35, 30})], adminTarget());
      case LIST -> new AdminOps.ListTasks(maintenanceQueue(), TaskState.values()[random.nextInt(TaskState.values().length)],
          pick(new int[] {0, 1, 2}, new int[] {7, 2, 1}), pick(new int[] {1, 2, 100}, new int[] {2, 2, 6}));
      case STATS -> new AdminOps.Stats(maintenanceQueue());
      case GET -> new AdminOps.Get(taskRef());
      case QUEUES -> new AdminOps.Queues();
    };
  }

  // ------------------------------------------------------------------ enqueue

  private Op enqueue() {
    return new EnqueueOps.Enqueue(task());
  }

  private TaskSpec task() {
    long now = state.now();
    String type = random.nextInt(10) < 7 ? "email:send" : "img:resize";
    byte[] payload = payload();
    Map<String, String> headers = random.nextInt(100) < 15 ? Map.of("trace", "t-" + random.nextInt(100)) : Map.of();
    int maxRetry = pick(new int[] {0, 1, 2, 3, 25}, new int[] {25, 30, 25, 15, 5});
    long delay = random.nextInt(100) < 65 ? 0
        : pick(new long[] {1, 10 + random.nextInt(990), 5_000, 60_000, 3_600_000}, new int[] {5, 15, 5, 5, 5});
    long processAt = random.nextInt(100) < 10 ? Math.max(0, now + pick(new long[] {-5_000, 0, 1, 3_000}, new int[] {1, 1, 1, 1})) : 0;
    long timeout = random.nextInt(100) < 30 ? pick(new long[] {30_000, 1_800_000}, new int[] {1, 1}) : 0;
    long deadline = random.nextInt(100) < 10 ? now + 3_600_000 : 0;
    long retention = random.nextDouble() < workload.retentionShare()
        ? pick(new long[] {1, 1_000, 60_000, 86_400_000}, new int[] {3, 3, 3, 2}) : 0;
    // An hour outlives archiving and trimming, so a lock can be met after its holder was purged.
    long uniqueFor = random.nextDouble() < workload.uniqueShare()
        ? pick(new long[] {1, 500, 60_000, 3_600_000}, new int[] {1, 4, 4, 2}) : 0;
    return new TaskSpec(newId(), taskQueue(), type, payload, headers, maxRetry, delay, processAt, timeout, deadline,
        retention, uniqueFor, random.nextLong());
  }

  private String newId() {
    int kind = random.nextInt(100);
    if (kind < 60) {
      return "t" + (++taskCounter);
    }
    if (kind < 95) {
      return EnqueueRequests.newTaskId(random);
    }
    return "order-" + (++taskCounter) + "-" + "x".repeat(60);
  }

  private byte[] payload() {
    int kind = weighted(new int[] {15, 20, 15, 30, 10, 8, 2});
    return switch (kind) {
      case 0, 1, 2 -> SHARED_PAYLOADS[kind].clone();
      case 3 -> randomBytes(1 + random.nextInt(16));
      case 4 -> randomBytes(100);
      case 5 -> randomBytes(1_000);
      default -> randomBytes(4_096);
    };
  }

  /** Which part of the content an id reuse changes: each in turn, the same content a quarter of the time. */
  private TaskSpec.Part reusedPart() {
    TaskSpec.Part[] parts = TaskSpec.Part.values();
    return random.nextInt(4) == 0 ? TaskSpec.Part.NOTHING : parts[1 + random.nextInt(parts.length - 1)];
  }

  private Op batch() {
    List<EnqueueOps.RequestOp> items = new ArrayList<>();
    for (int i = 0, n = 2 + random.nextInt(11); i < n; i++) {
      int kind = random.nextInt(10);
      TaskKey ref = knownTask();
      if (kind < 7 || ref == null) {
        items.add(new EnqueueOps.Enqueue(task()));
      } else if (kind < 8 && state.retriable(ref) != null) {
        items.add(new EnqueueOps.EnqueueAgain(ref));
      } else if (kind < 9) {
        items.add(new EnqueueOps.EnqueueReusingId(ref, reusedPart(), random.nextLong(), random.nextLong()));
      } else {
        items.add(new EnqueueOps.EnqueueLookalike(ref, newId(), random.nextLong(), 60_000));
      }
    }
    return new EnqueueOps.EnqueueBatch(items);
  }

  // ------------------------------------------------------------------ claims and acks

  private Op claim() {
    List<String> queues = new ArrayList<>(QUEUES);
    for (int i = queues.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      queues.set(i, queues.set(j, queues.get(i)));
    }
    List<String> chosen = new ArrayList<>(queues.subList(0, 1 + random.nextInt(queues.size())));
    if (random.nextInt(10) == 0) {
      chosen.add(random.nextInt(chosen.size() + 1), UNKNOWN_QUEUE);
    }
    if (random.nextInt(20) == 0) { // a queue named twice counts once, at its first position
      chosen.add(random.nextInt(chosen.size() + 1), chosen.get(random.nextInt(chosen.size())));
    }
    return new WorkerOps.Claim("c" + (++claimCounter), chosen, pick(new int[] {1, 2, 3, 5, 10}, new int[] {40, 20, 15, 15, 10}),
        pick(new long[] {1, 100, 1_000, 30_000}, new int[] {3, 10, 50, 37}));
  }

  private Op ack() {
    TokenRef t = tokenRef();
    if (t == null) {
      return null;
    }
    WorkerOps.AckAction action = WorkerOps.AckAction.values()[weighted(workload.ackWeights())];
    long delay = pick(new long[] {0, 1, 100, 1_000, 60_000}, new int[] {3, 1, 2, 3, 1});
    boolean retrying = action == WorkerOps.AckAction.FAIL || action == WorkerOps.AckAction.RETRY;
    // Every flag combination of retry and archive, uniformly.
    return new WorkerOps.Ack(action, t, retrying ? delay : 0, random.nextBoolean(), random.nextBoolean());
  }

  /** Mostly a live lease, sometimes any lease ever handed out, sometimes a forged one. */
  /** Two or three token references (possibly stale or repeated), as a batched call would carry. */
  private List<TokenRef> tokenRefs() {
    List<TokenRef> refs = new ArrayList<>();
    for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
      TokenRef t = tokenRef();
      if (t != null) {
        refs.add(t);
      }
    }
    return refs;
  }

  private TokenRef tokenRef() {
    List<Lease> leases = state.leases();
    if (leases.isEmpty()) {
      return null;
    }
    int roll = random.nextInt(100);
    Lease chosen = null;
    if (roll < 70) {
      List<Lease> live = new ArrayList<>();
      for (Lease l : leases) {
        if (WorkerOps.isLive(state, l)) {
          live.add(l);
        }
      }
      if (!live.isEmpty()) {
        chosen = live.get(random.nextInt(live.size()));
      }
    }
    if (chosen == null) {
      chosen = leases.get(random.nextInt(leases.size()));
    }
    TaskKey key = new TaskKey(chosen.token().queue(), chosen.token().taskId());
    List<Lease> ofTask = state.leasesOf(key);
    int back = ofTask.size() - 1 - ofTask.indexOf(chosen);
    TokenRef.Forgery forgery = roll < 90 ? TokenRef.Forgery.NONE
        : random.nextBoolean() ? TokenRef.Forgery.NEXT_SEQUENCE : TokenRef.Forgery.OTHER_NONCE;
    return new TokenRef(key, back, forgery);
  }

  // ------------------------------------------------------------------ admin

  /** A task some request was sent for, or (one time in ten, or if there is none) an id nobody used. */
  private TaskKey taskRef() {
    TaskKey known = knownTask();
    if (known == null || random.nextInt(10) == 0) {
      return new TaskKey(QUEUES.get(0), "missing-" + random.nextInt(3));
    }
    return known;
  }

  /**
   * An id to reuse, from a stage of its task's life drawn uniformly among those some known id is
   * in: its record lives; it is gone and its tombstone answers; it is gone and the idempotency
   * window has passed (the id is free again, unless a purge left a tombstone that never ends).
   */
  private TaskKey reuseTarget() {
    List<List<TaskKey>> stages = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (TaskKey k : state.knownTasks()) {
      int stage = state.model.get(k.queue(), k.taskId()).isPresent() ? 0
          : state.model.tombstoneUntil(k.queue(), k.taskId(), state.now()) >= 0 ? 1 : 2;
      stages.get(stage).add(k);
    }
    return fromAStage(stages);
  }

  /**
   * A task whose content to enqueue under a new id, from a stage drawn uniformly among those some
   * known task is in: its uniqueness lock is in effect and its task lives; the lock is in effect
   * but the task is gone (trimmed, purged, deleted with the lock taken over); no lock is in effect.
   */
  private TaskKey lookalikeTarget() {
    List<List<TaskKey>> stages = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (TaskKey k : state.knownTasks()) {
      TaskSpec spec = state.spec(k);
      boolean locked = spec.uniqueForMillis() > 0
          && state.model.lockUntil(k.queue(), EnqueueRequests.uniqueKey(spec.type(), spec.payload()), state.now()) >= 0;
      int stage = !locked ? 2 : state.model.get(k.queue(), k.taskId()).isPresent() ? 0 : 1;
      stages.get(stage).add(k);
    }
    return fromAStage(stages);
  }

  private TaskKey fromAStage(List<List<TaskKey>> stages) {
    List<List<TaskKey>> present = stages.stream().filter(l -> !l.isEmpty()).toList();
    if (present.isEmpty()) {
      return null;
    }
    List<TaskKey> stage = present.get(random.nextInt(present.size()));
    return stage.get(random.nextInt(stage.size()));
  }

  /**
   * The task of an admin change: from a state drawn uniformly among the states (gone included)
   * some known task is in, so every change meets every state, and tasks reach ARCHIVED often
   * enough for trimming to matter; one time in ten an id nobody used.
   */
  private TaskKey adminTarget() {
    if (random.nextInt(10) == 0) {
      return taskRef();
    }
    java.util.Map<TaskState, List<TaskKey>> byState = new java.util.EnumMap<>(TaskState.class);
    List<TaskKey> gone = new ArrayList<>();
    for (TaskKey k : state.knownTasks()) {
      var t = state.model.get(k.queue(), k.taskId());
      if (t.isPresent()) {
        byState.computeIfAbsent(t.get().state(), s -> new ArrayList<>()).add(k);
      } else {
        gone.add(k);
      }
    }
    List<List<TaskKey>> stages = new ArrayList<>(byState.values());
    stages.add(gone);
    TaskKey k = fromAStage(stages);
    return k != null ? k : taskRef();
  }

  private TaskKey knownTask() {
    List<TaskKey> known = state.knownTasks();
    return known.isEmpty() ? null : known.get(random.nextInt(known.size()));
  }

  private String taskQueue() {
    return QUEUES.get(weighted(new int[] {60, 25, 15}));
  }

  /** A queue that holds COMPLETED or ARCHIVED tasks (what a purge can remove), else any. */
  private String queueHoldingFinished() {
    List<String> holding = new ArrayList<>();
    for (String q : QUEUES) {
      var st = state.model.stats(q);
      if (st.completed() + st.archived() > 0) {
        holding.add(q);
      }
    }
    return holding.isEmpty() ? maintenanceQueue() : holding.get(random.nextInt(holding.size()));
  }

  private String maintenanceQueue() {
    return random.nextInt(20) == 0 ? UNKNOWN_QUEUE : taskQueue();
  }

  private int limit() {
    return pick(new int[] {1, 2, 100}, new int[] {3, 2, 5});
  }

  // ------------------------------------------------------------------ random helpers

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private Kind weighted(Map<Kind, Integer> weights) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int roll = random.nextInt(total);
    for (Map.Entry<Kind, Integer> e : weights.entrySet()) {
      roll -= e.getValue();
      if (roll < 0) {
        return e.getKey();
      }
    }
    throw new AssertionError();
  }

  private int weighted(int[] weights) {
    return weighted(random, weights);
  }

  private static int weighted(SplittableRandom r, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int roll = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }

  private long pick(long[] values, int[] weights) {
    return pick(random, values, weights);
  }

  private int pick(int[] values, int[] weights) {
    return pick(random, values, weights);
  }

  private static long pick(SplittableRandom r, long[] values, int[] weights) {
    return values[weighted(r, weights)];
  }

  private static int pick(SplittableRandom r, int[] values, int[] weights) {
    return values[weighted(r, weights)];
  }
}
