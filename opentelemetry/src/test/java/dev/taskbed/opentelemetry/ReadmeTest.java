package dev.taskbed.opentelemetry;

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
 * Keeps the README honest: its Java snippets are the regions of {@link TracingExampleTest} between
 * {@code // README:<name>:begin} and {@code :end}, and its span tree the one that test records.
 */
class ReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final Path EXAMPLE = Path.of("src/test/java/dev/taskbed/opentelemetry/TracingExampleTest.java");

  @Test
  void the_readme_shows_the_compiled_wiring_and_the_recorded_span_tree_exactly() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains("```java\n" + region(EXAMPLE, "wiring") + "```");
    String spans = Arrays.stream(region(EXAMPLE, "spans").split("\n"))
        .map(l -> l.substring("// ".length()) + "\n").collect(Collectors.joining());
    assertThat(readme).contains("```text\n" + spans + "```");
  }

  @Test
  void every_java_snippet_in_the_readme_is_the_compiled_one() throws Exception {
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    List<String> found = new ArrayList<>();
    while (block.find()) {
      found.add(block.group(1));
    }
    assertThat(found).containsExactly(region(EXAMPLE, "wiring"), region(EXAMPLE, "options"));
  }

  /** The lines between the markers, without their common indentation, each ending in a newline. */
  static String region(Path source, String name) throws Exception {
    List<String> lines = Arrays.asList(Files.readString(source).split("\n", -1));
    int begin = lines.stream().map(String::strip).toList().indexOf("// README:" + name + ":begin");
    int end = lines.stream().map(String::strip).toList().indexOf("// README:" + name + ":end");
    assertThat(begin).as("markers of region " + name).isNotNegative().isLessThan(end);
    List<String> region = lines.subList(begin + 1, end);
    int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return region.stream().map(l -> (l.isBlank() ? "" : l.substring(indent)) + "\n").collect(Collectors.joining());
  }
}
