package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How a script's text is assembled is relied on outside this package: redis-testing's
 * {@code LuaScripts} rebuilds each script from the same resources (the broker's script table is
 * not API) to name it on the wire, so its fault injection and its script-cache checks find the
 * calls the broker makes. Change the rule here and there together.
 */
class ScriptAssemblyTest {

  @Test
  void every_script_is_its_shebang_line_then_lib_lua_then_the_rest_of_its_file() throws IOException {
    String lib = resource("lib.lua");
    for (Script s : Script.values()) {
      String own = resource(s.fileName());
      int eol = own.indexOf('\n');
      String expected = own.substring(0, eol + 1) + lib + own.substring(eol + 1);
      assertThat(new String(s.body(), StandardCharsets.UTF_8)).as(s.fileName()).isEqualTo(expected);
    }
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = RedisBrokerConfig.class.getResourceAsStream("lua/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
