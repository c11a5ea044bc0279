package dev.taskbed.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingBrokerAdminTest {

  /** Records every call it gets as "name(args)" and answers with a fixed value per return type. */
  private static final class Recorder {
    final List<String> calls = new ArrayList<>();
    final QueueStats stats = new QueueStats("q", 1, 2, 3, 4, 5, 6, false);
    final Page<TaskInfo> page = new Page<>(List.of(), true);

    <T> T proxy(Class<T> type) {
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
        calls.add(m.getName() + (args == null ? "[]" : Arrays.toString(args)));
        return answer(m);
      }));
    }

    private Object answer(Method m) {
      Class<?> r = m.getReturnType();
      if (r == List.class) {
        return List.of("from-" + m.getDeclaringClass().getSimpleName());
      }
      if (r == QueueStats.class) {
        return stats;
      }
      if (r == Page.class) {
        return page;
      }
      if (r == Optional.class) {
        return Optional.empty();
      }
      return null;
    }
  }

  @Test
  void every_admin_call_reaches_the_delegate_with_its_arguments_and_returns_its_answer() {
    Recorder inner = new Recorder();
    BrokerAdmin delegate = inner.proxy(BrokerAdmin.class);
    ForwardingBrokerAdmin admin = () -> delegate;

    assertThat(admin.queues()).containsExactly("from-BrokerAdmin");
    assertThat(admin.stats("q")).isSameAs(inner.stats);
    assertThat(admin.list("q", TaskState.RETRY, 3, 7)).isSameAs(inner.page);
    assertThat(admin.get("q", "t")).isEmpty();
    admin.delete("q", "t1");
    admin.runNow("q", "t2");
    admin.archive("q", "t3");
    admin.pause("p");
    admin.unpause("u");

    assertThat(inner.calls).containsExactly("queues[]", "stats[q]", "list[q, RETRY, 3, 7]", "get[q, t]",
        "delete[q, t1]", "runNow[q, t2]", "archive[q, t3]", "pause[p]", "unpause[u]");
  }

  @Test
  void a_decorator_of_both_halves_forwards_admin_calls_to_its_admin_and_queues_to_its_broker() {
    Recorder brokerCalls = new Recorder();
    Recorder adminCalls = new Recorder();
    Broker broker = brokerCalls.proxy(Broker.class);
    BrokerAdmin admin = adminCalls.proxy(BrokerAdmin.class);
    final class Both extends ForwardingBroker implements ForwardingBrokerAdmin {
      Both() {
        super(broker);
      }

      @Override
      public BrokerAdmin adminDelegate() {
        return admin;
      }
    }
    Both both = new Both();

    assertThat(both.queues()).containsExactly("from-Broker");
    both.pause("q");
    both.policy();

    assertThat(brokerCalls.calls).containsExactly("queues[]", "policy[]");
    assertThat(adminCalls.calls).containsExactly("pause[q]");
  }
}
