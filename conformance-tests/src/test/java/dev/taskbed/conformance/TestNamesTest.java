package dev.taskbed.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the project's one test-naming style (README "Writing tests"): every test method is a
 * snake_case sentence. Read from the sources, because the rule covers modules this one does not
 * depend on (the simulator, the chaos suite, the example projects).
 */
class TestNamesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The modules held to the style: all of them, and the example projects. */
  private static final List<String> MODULES = List.of("api", "backend-inmemory", "conformance-tests", "micrometer", "opentelemetry",
      "backend-redis-common", "redis-testing", "backend-redis-jedis", "backend-redis-redisson", "simulator", "chaos",
      "examples");
  private static final Pattern TEST_METHOD = Pattern.compile(
      "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b[^\\n]*\\n(?:\\s*@[^\\n]*\\n)*\\s*(?:public\\s+|default\\s+)?\\S+\\s+(\\w+)\\s*\\(");
  private static final Pattern SNAKE_CASE_SENTENCE = Pattern.compile("[a-z0-9]+(?:_[a-z0-9]+)+");

  @Test
  void every_test_method_is_named_as_a_snake_case_sentence() throws IOException {
    List<String> offenders = new ArrayList<>();
    int seen = 0;
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module))) {
        for (Path file : files.filter(TestNamesTest::isSource).toList()) {
          Matcher m = TEST_METHOD.matcher(Files.readString(file));
          while (m.find()) {
            seen++;
            if (!SNAKE_CASE_SENTENCE.matcher(m.group(1)).matches()) {
              offenders.add(ROOT.relativize(file) + ": " + m.group(1));
            }
          }
        }
      }
    }
    assertThat(seen).as("test methods found").isGreaterThan(300);
    assertThat(offenders).as("test methods not named as snake_case sentences").isEmpty();
  }

  @Test
  void the_rule_tells_a_sentence_from_the_other_styles() {
    assertThat(SNAKE_CASE_SENTENCE.matcher("a_replayed_claim_returns_every_lease_it_granted").matches()).isTrue();
    assertThat(SNAKE_CASE_SENTENCE.matcher("claim_whenLeaseExpired_returnsTaskToAnotherWorker").matches()).isFalse();
    assertThat(SNAKE_CASE_SENTENCE.matcher("recordsAWholeRun").matches()).isFalse();
    assertThat(SNAKE_CASE_SENTENCE.matcher("negative_maxRetry_is_rejected").matches()).isFalse();
  }

  private static boolean isSource(Path file) {
    String path = file.toString().replace('\\', '/');
    return path.endsWith(".java") && !path.contains("/target/");
  }
}
