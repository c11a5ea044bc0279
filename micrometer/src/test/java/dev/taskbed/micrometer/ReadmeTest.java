package dev.taskbed.micrometer;

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
 * Keeps the README honest: its Java snippet is the region of {@link PrometheusExampleTest} between
 * {@code // README:wiring:begin} and {@code :end}, and its scrape output the lines that test finds
 * in a real scrape.
 */
class ReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final Path EXAMPLE = Path.of("src/test/java/dev/taskbed/micrometer/PrometheusExampleTest.java");

  @Test
  void the_readme_shows_the_compiled_wiring_and_the_scraped_lines_exactly() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains("```java\n" + region(EXAMPLE, "wiring") + "```");
    String scrape = Arrays.stream(region(EXAMPLE, "scrape").split("\n"))
        .map(l -> l.substring("// ".length()) + "\n").collect(Collectors.joining());
    assertThat(readme).contains("```text\n" + scrape + "```");
  }

  @Test
  void every_java_snippet_in_the_readme_is_the_compiled_one() throws Exception {
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    List<String> found = new ArrayList<>();
    while (block.find()) {
      found.add(block.group(1));
    }
    assertThat(found).containsExactly(region(EXAMPLE, "wiring"));
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
