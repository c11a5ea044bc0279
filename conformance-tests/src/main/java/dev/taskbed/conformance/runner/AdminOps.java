package dev.taskbed.conformance.runner;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.TaskKey;
import java.util.ArrayList;
import java.util.List;

/** Maintenance calls, pause and the admin and inspection surface. */
final class AdminOps {
  private AdminOps() {}


  record ForwardDue(String queue, int limit) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("forwardDue " + queue + " limit=" + limit, t -> t.broker().forwardDue(queue, limit));
    }

    @Override
    public String toString() {
      return "forwardDue " + queue + " limit=" + limit;
    }
  }

  record Recover(String queue, int limit, long recoveryDelayMillis) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("recoverExpiredLeases " + queue + " limit=" + limit + " delay=" + recoveryDelayMillis,
          t -> t.broker().recoverExpiredLeases(queue, limit, recoveryDelayMillis));
    }

    @Override
    public List<Op> simplifications() {
      return recoveryDelayMillis > 0 ? List.of(new Recover(queue, limit, 0)) : List.of();
    }

    @Override
    public String toString() {
      return "recover " + queue + " limit=" + limit + " delay=" + recoveryDelayMillis;
    }
  }

  record Purge(String queue, int limit) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("purgeExpired " + queue + " limit=" + limit, t -> t.broker().purgeExpired(queue, limit));
    }

    @Override
    public String toString() {
      return "purge " + queue + " limit=" + limit;
    }
  }

  record Pause(String queue) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("pause " + queue, t -> {
        t.admin().pause(queue);
        return null;
      });
    }

    @Override
    public String toString() {
      return "pause " + queue;
    }
  }

  record Unpause(String queue) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("unpause " + queue, t -> {
        t.admin().unpause(queue);
        return null;
      });
    }

    @Override
    public String toString() {
      return "unpause " + queue;
    }
  }

  /** The admin operations that change one task. */
  enum Change { DELETE, RUN_NOW, ARCHIVE }

  record ChangeTask(Change change, TaskKey task) implements Op {
    @Override
    public Call resolve(RunState s) {
      TaskKey k = task;
      String d = "admin " + change.name().toLowerCase(java.util.Locale.ROOT) + " " + k;
      Call call = switch (change) {
        case DELETE -> Call.on(d, t -> {
          t.admin().delete(k.queue(), k.taskId());
          return null;
        });
        case RUN_NOW -> Call.on(d, t -> {
          t.admin().runNow(k.queue(), k.taskId());
          return null;
        });
        case ARCHIVE -> Call.on(d, t -> {
          t.admin().archive(k.queue(), k.taskId());
          return null;
        });
      };
      return call.about(k, change == Change.RUN_NOW);
    }

    @Override
    public String toString() {
      return "admin " + change.name().toLowerCase(java.util.Locale.ROOT) + " " + task;
    }
  }

  record ListTasks(String queue, TaskState state, int offset, int limit) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("list " + queue + " " + state + " offset=" + offset + " limit=" + limit,
          t -> t.admin().list(queue, state, offset, limit));
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (offset > 0) {
        out.add(new ListTasks(queue, state, 0, limit));
      }
      return out;
    }

    @Override
    public String toString() {
      return "list " + queue + " " + state + " offset=" + offset + " limit=" + limit;
    }
  }

  record Stats(String queue) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("stats " + queue, t -> t.admin().stats(queue));
    }

    @Override
    public String toString() {
      return "stats " + queue;
    }
  }

  record Get(TaskKey task) implements Op {
    @Override
    public Call resolve(RunState s) {
      TaskKey k = task;
      return Call.on("get " + k, t -> t.admin().get(k.queue(), k.taskId()));
    }

    @Override
    public String toString() {
      return "get " + task;
    }
  }

  record Queues() implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.on("queues", t -> List.of(t.broker().queues(), t.admin().queues()));
    }

    @Override
    public String toString() {
      return "queues";
    }
  }
}
