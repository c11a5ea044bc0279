package dev.taskbed.chaos.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@link HistoryEvent} of a worker process as one line of JSON, so a worker JVM can stream its
 * history to the test JVM as it goes and a SIGKILL loses at most the lines not yet written. Covers
 * what a worker records (claims, acks, extensions, maintenance); a lease's task keeps only what the
 * history checker reads (identity, state, counters, times), not its payload.
 */
public final class HistoryEventCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryEventCodec() {}

  public static String encode(HistoryEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("i", e.index()).put("t", e.type().name()).put("id", e.operationId()).put("p", e.process())
        .put("ms", e.clockMillis()).put("ns", e.wallNanos());
    if (e.error() != null) {
      o.put("err", e.error());
    }
    o.set("op", operation(e.operation()));
    if (e.result() != null) {
      o.set("r", result(e.result()));
    }
    return o.toString();
  }

  public static HistoryEvent decode(String line) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not a history event: " + line, e);
    }
    Operation op = operation(o.get("op"));
    return new HistoryEvent(o.get("i").asInt(), HistoryEvent.Type.valueOf(o.get("t").asText()), o.get("id").asLong(),
        o.get("p").asText(), op, o.has("r") ? result(op, o.get("r")) : null, o.has("err") ? o.get("err").asText() : null,
        o.get("ms").asLong(), o.get("ns").asLong());
  }

  // ------------------------------------------------------------------ operations

  private static ObjectNode operation(Operation op) {
    ObjectNode o = JSON.createObjectNode();
    if (op instanceof Operation.Claim c) {
      ArrayNode queues = o.put("k", "claim").put("rid", c.request().requestId()).put("max", c.request().maxTasks())
          .put("lease", c.request().leaseMillis()).putArray("q");
      c.request().queues().forEach(queues::add);
    } else if (op instanceof Operation.Ack a) {
      o.put("k", "ack").put("kind", a.kind().name()).put("delay", a.retryDelayMillis()).set("tok", token(a.token()));
    } else if (op instanceof Operation.ExtendLease x) {
      o.put("k", "extend").put("d", x.durationMillis()).set("tok", token(x.token()));
    } else if (op instanceof Operation.Maintenance m) {
      o.put("k", "maint").put("kind", m.kind().name()).put("q", m.queue()).put("limit", m.limit())
          .put("delay", m.recoveryDelayMillis());
    } else {
      throw new IllegalArgumentException("a worker process does not record " + op);
    }
    return o;
  }

  private static Operation operation(JsonNode o) {
    switch (o.get("k").asText()) {
      case "claim": {
        List<String> queues = new ArrayList<>();
        o.get("q").forEach(q -> queues.add(q.asText()));
        return new Operation.Claim(new ClaimRequest(o.get("rid").asText(), queues, o.get("max").asInt(), o.get("lease").asLong()));
      }
      case "ack":
        return new Operation.Ack(AckKind.valueOf(o.get("kind").asText()), token(o.get("tok")), o.get("delay").asLong());
      case "extend":
        return new Operation.ExtendLease(token(o.get("tok")), o.get("d").asLong());
      case "maint":
        return new Operation.Maintenance(Operation.MaintenanceKind.valueOf(o.get("kind").asText()), o.get("q").asText(),
            o.get("limit").asInt(), o.get("delay").asLong());
      default:
        throw new IllegalArgumentException("unknown operation " + o);
    }
  }

  private static ObjectNode token(LeaseToken t) {
    return JSON.createObjectNode().put("q", t.queue()).put("id", t.taskId()).put("seq", t.claimSequence()).put("n", t.nonce());
  }

  private static LeaseToken token(JsonNode o) {
    return new LeaseToken(o.get("q").asText(), o.get("id").asText(), o.get("seq").asLong(), o.get("n").asLong());
  }

  // ------------------------------------------------------------------ results

  private static JsonNode result(Object r) {
    if (r instanceof ClaimResult c) {
      ObjectNode o = JSON.createObjectNode().put("next", c.millisUntilNextDue());
      ArrayNode leases = o.putArray("leases");
      for (Lease l : c.leases()) {
        TaskInfo t = l.task();
        ObjectNode lo = leases.addObject().put("exp", l.expiresAtMillis()).put("type", t.type()).put("state", t.state().name())
            .put("maxRetry", t.maxRetry()).put("attempts", t.attempts()).put("enq", t.enqueuedAt().toEpochMilli());
        lo.set("tok", token(l.token()));
      }
      return o;
    }
    if (r instanceof AckStatus s) {
      return JSON.getNodeFactory().textNode(s.name());
    }
    if (r instanceof MaintenanceResult m) {
      return JSON.createObjectNode().put("n", m.processed()).put("more", m.hasMore());
    }
    throw new IllegalArgumentException("a worker process does not record results like " + r);
  }

  private static Object result(Operation op, JsonNode r) {
    if (op instanceof Operation.Claim) {
      List<Lease> leases = new ArrayList<>();
      for (JsonNode l : r.get("leases")) {
        LeaseToken tok = token(l.get("tok"));
        long exp = l.get("exp").asLong();
        TaskInfo t = new TaskInfo(tok.taskId(), tok.queue(), l.get("type").asText(), new byte[0], Map.of(),
            TaskState.valueOf(l.get("state").asText()), l.get("maxRetry").asInt(), l.get("attempts").asInt(),
            tok.claimSequence(), null, null, Instant.ofEpochMilli(l.get("enq").asLong()), null, null, null, null,
            Instant.ofEpochMilli(exp), null, null);
        leases.add(new Lease(t, tok, exp));
      }
      return new ClaimResult(leases, r.get("next").asLong());
    }
    if (op instanceof Operation.Maintenance) {
      return new MaintenanceResult(r.get("n").asInt(), r.get("more").asBoolean());
    }
    return AckStatus.valueOf(r.asText());
  }
}
