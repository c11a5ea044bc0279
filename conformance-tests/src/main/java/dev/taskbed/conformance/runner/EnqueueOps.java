package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.List;

/** Steps that enqueue: new tasks, retried requests, conflicting ids, look-alikes, batches. */
final class EnqueueOps {
  private EnqueueOps() {}

  /** An enqueue-family step that can also serve as one item of a batch. */
  interface RequestOp extends Op {
    /** The request this step sends, or {@code null} if it has nothing to refer to. */
    TaskSpec spec(RunState s);

    @Override
    default Call resolve(RunState s) {
      TaskSpec spec = spec(s);
      if (spec == null) {
        return null;
      }
      EnqueueRequest r = spec.toRequest();
      return Call.on(label() + " " + spec, t -> t.broker().enqueue(r)).learning((st, o) -> st.sent(spec))
          .literally(new Enqueue(spec));
    }

    String label();
  }

  /** A new task. */
  record Enqueue(TaskSpec task) implements RequestOp {
    @Override
    public TaskSpec spec(RunState s) {
      return task;
    }

    @Override
    public String label() {
      return "enqueue";
    }

    @Override
    public List<Op> simplifications() {
      return task.simplifications().stream().<Op>map(Enqueue::new).toList();
    }

    @Override
    public String toString() {
      return "enqueue " + task;
    }
  }

  /** The last request sent for {@code task}, sent again unchanged (a client retry). */
  record EnqueueAgain(TaskKey task) implements RequestOp {
    @Override
    public TaskSpec spec(RunState s) {
      return s.retriable(task);
    }

    @Override
    public Call resolve(RunState s) {
      TaskSpec spec = spec(s);
      if (spec == null) {
        return null;
      }
      EnqueueRequest r = spec.toRequest();
      return Call.on(label() + " " + spec, t -> t.broker().enqueue(r)) // a retry: nothing new to learn
          .literally(new Enqueue(spec));
    }

    @Override
    public String label() {
      return "enqueue again";
    }

    @Override
    public String toString() {
      return "enqueue again " + task;
    }
  }

  /**
   * A new request under {@code task}'s id, with a new nonce and one part of the content changed
   * ({@code part}; {@code NOTHING}: a client reusing its own id for a new task with the same
   * content). While the original record or its tombstone lives the answer is {@code EXISTING} for
   * the same content hash and {@code ID_CONFLICT} for any other, as the hash defines it; varying
   * each part in turn catches a broker that compares less than the whole hash.
   */
  record EnqueueReusingId(TaskKey task, TaskSpec.Part part, long variant, long nonce) implements RequestOp {
    @Override
    public TaskSpec spec(RunState s) {
      TaskSpec base = s.spec(task);
      return base == null ? null : base.varied(part, variant, nonce);
    }

    @Override
    public String label() {
      return part == TaskSpec.Part.NOTHING ? "enqueue same content, new nonce" : "enqueue conflicting (" + part + " changed)";
    }

    @Override
    public List<Op> simplifications() {
      return part == TaskSpec.Part.NOTHING || part == TaskSpec.Part.PAYLOAD ? List.of()
          : List.of(new EnqueueReusingId(task, TaskSpec.Part.PAYLOAD, variant, nonce));
    }

    @Override
    public String toString() {
      return "enqueue " + task + "'s id with " + (part == TaskSpec.Part.NOTHING ? "its content" : "its " + part + " changed")
          + " and a new nonce";
    }
  }

  /**
   * {@code task}'s content under a new id and nonce, with a uniqueness lock: refused as a
   * duplicate while the original holds its lock.
   */
  record EnqueueLookalike(TaskKey task, String taskId, long nonce, long uniqueForMillis) implements RequestOp {
    @Override
    public TaskSpec spec(RunState s) {
      TaskSpec base = s.spec(task);
      if (base == null) {
        return null;
      }
      TaskSpec copy = base.withId(taskId, nonce);
      return base.uniqueForMillis() > 0 ? copy : copy.withUniqueFor(uniqueForMillis);
    }

    @Override
    public String label() {
      return "enqueue look-alike";
    }

    @Override
    public String toString() {
      return "enqueue " + task + "'s content as " + taskId;
    }
  }

  /** Several enqueue steps sent as one batch. */
  record EnqueueBatch(List<RequestOp> items) implements Op {
    EnqueueBatch {
      items = List.copyOf(items);
    }

    @Override
    public Call resolve(RunState s) {
      List<TaskSpec> specs = new ArrayList<>();
      for (RequestOp item : items) {
        TaskSpec spec = item.spec(s);
        if (spec != null) {
          specs.add(spec);
        }
      }
      if (specs.isEmpty()) {
        return null;
      }
      List<EnqueueRequest> requests = specs.stream().map(TaskSpec::toRequest).toList();
      List<TaskSpec> fresh = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof EnqueueAgain) && items.get(i).spec(s) != null) {
          fresh.add(items.get(i).spec(s));
        }
      }
      StringBuilder d = new StringBuilder("enqueue batch of ").append(specs.size()).append(':');
      specs.forEach(sp -> d.append("\n        ").append(sp));
      return Call.on(d.toString(), t -> t.broker().enqueueBatch(requests)).learning((st, o) -> fresh.forEach(st::sent))
          .literally(new EnqueueBatch(specs.stream().<RequestOp>map(Enqueue::new).toList()));
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (items.size() == 1) {
        out.add(items.get(0));
      }
      for (int i = 0; i < items.size() && items.size() > 1; i++) {
        List<RequestOp> fewer = new ArrayList<>(items);
        fewer.remove(i);
        out.add(new EnqueueBatch(fewer));
      }
      for (int i = 0; i < items.size(); i++) {
        for (Op simpler : items.get(i).simplifications()) {
          List<RequestOp> changed = new ArrayList<>(items);
          changed.set(i, (RequestOp) simpler);
          out.add(new EnqueueBatch(changed));
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "enqueue batch " + items;
    }
  }
}
