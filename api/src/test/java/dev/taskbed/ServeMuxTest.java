package dev.taskbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeMuxTest {
  private final List<String> calls = new ArrayList<>();

  private Handler recording(String name) {
    return (ctx, task) -> calls.add(name + ":" + task.type());
  }

  @Test
  void exact_match_wins_over_a_prefix() throws Exception {
    ServeMux mux = new ServeMux().handle("email:", recording("prefix")).handle("email:welcome", recording("exact"));
    mux.handle(null, Task.of("email:welcome", new byte[0]));
    mux.handle(null, Task.of("email:reset", new byte[0]));
    assertThat(calls).containsExactly("exact:email:welcome", "prefix:email:reset");
  }

  @Test
  void the_longest_matching_prefix_wins() throws Exception {
    ServeMux mux = new ServeMux().handle("a", recording("a")).handle("a:b:", recording("ab")).handle("a:", recording("a:"));
    mux.handle(null, Task.of("a:b:c", new byte[0]));
    mux.handle(null, Task.of("a:x", new byte[0]));
    mux.handle(null, Task.of("ax", new byte[0]));
    assertThat(calls).containsExactly("ab:a:b:c", "a::a:x", "a:ax");
  }

  @Test
  void an_unknown_type_throws_no_handler() {
    ServeMux mux = new ServeMux().handle("email:", recording("x"));
    assertThatThrownBy(() -> mux.handle(null, Task.of("sms:send", new byte[0])))
        .isInstanceOf(NoHandlerException.class)
        .hasMessage("no handler for task type \"sms:send\"");
  }

  @Test
  void registering_a_pattern_twice_is_rejected() {
    ServeMux mux = new ServeMux().handle("email:send", recording("x"));
    assertThatThrownBy(() -> mux.handle("email:send", recording("y")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("email:send").hasMessageContaining("already registered");
  }

  @Test
  void middleware_wraps_in_registration_order_first_outermost() throws Exception {
    ServeMux mux = new ServeMux()
        .use(next -> (ctx, task) -> { calls.add("outer>"); next.handle(ctx, task); calls.add("<outer"); })
        .use(next -> (ctx, task) -> { calls.add("inner>"); next.handle(ctx, task); calls.add("<inner"); })
        .handle("t", recording("h"));
    mux.handle(null, Task.of("t", new byte[0]));
    assertThat(calls).containsExactly("outer>", "inner>", "h:t", "<inner", "<outer");
  }
}
