package dev.taskbed.redis.jedis.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code in {@code redis-testing/README.md} identical to the compiled examples it is taken
 * from: every part of them between {@code // README:begin} and {@code // README:end} appears in the
 * README as a Java block, and the README has no Java block that is not one of them. Its dependency
 * block names this build's artifact.
 */
class RedisTestingReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path EXAMPLES = ROOT.resolve("backend-redis-jedis/src/test/java/dev/taskbed/redis/jedis");
  private static final Pattern MARKED = Pattern.compile("// README:begin[^\n]*\n(.*?)\n[ ]*// README:end", Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

  @Test
  void the_readme_shows_exactly_the_compiled_examples() throws Exception {
    List<String> snippets = new ArrayList<>();
    for (String file : List.of("JedisBrokerSmokeIT.java", "readme/RedisTestingExamplesIT.java")) {
      Matcher m = MARKED.matcher(Files.readString(EXAMPLES.resolve(file)));
      while (m.find()) {
        snippets.add(dedent(m.group(1)) + "\n");
      }
    }
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme());
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(snippets).hasSize(3);
    assertThat(blocks).containsExactlyInAnyOrderElementsOf(snippets);
  }

  @Test
  void the_readme_s_dependency_is_this_module_s_artifact() throws Exception {
    String pom = Files.readString(ROOT.resolve("redis-testing/pom.xml"));
    assertThat(pom).contains("<artifactId>taskbed-redis-testing</artifactId>");
    assertThat(readme()).contains("""
        <dependency>
          <groupId>dev.taskbed</groupId>
          <artifactId>taskbed-redis-testing</artifactId>
          <scope>test</scope>
        </dependency>""");
  }

  private static String readme() throws Exception {
    return Files.readString(ROOT.resolve("redis-testing/README.md"));
  }

  private static String dedent(String block) {
    List<String> lines = Arrays.asList(block.split("\n", -1));
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
  }
}
