package dev.taskbed.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the kit's README honest: each of its Java snippets is a region of a test the build
 * compiles and runs, between {@code // README:<name>:begin} and {@code // README:<name>:end}, and
 * appears in the README exactly.
 */
class ReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final Path TESTS = Path.of("src/test/java/dev/taskbed/conformance");

  /** Each compiled region the README shows: the test holding it, and the region's name. */
  private static final Map<String, Path> REGIONS = Map.of(
      "subclass", TESTS.resolve("inmemory/InMemoryBrokerConformanceTest.java"),
      "capabilities", TESTS.resolve("inmemory/InMemoryRealTimeConformanceTest.java"),
      "history", TESTS.resolve("history/RuntimeHistoryTest.java"));

  @Test
  void every_compiled_region_appears_in_the_readme_exactly() throws Exception {
    String readme = Files.readString(README);
    for (Map.Entry<String, Path> region : REGIONS.entrySet()) {
      assertThat(readme).as("the README region '%s' of %s", region.getKey(), region.getValue())
          .contains("```java\n" + marked(region.getValue(), region.getKey()) + "```");
    }
  }

  @Test
  void every_java_snippet_in_the_readme_is_a_compiled_region() throws Exception {
    List<String> compiled = new ArrayList<>();
    for (Map.Entry<String, Path> region : REGIONS.entrySet()) {
      compiled.add(marked(region.getValue(), region.getKey()));
    }
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    while (block.find()) {
      assertThat(compiled).as("a README snippet the build does not compile").contains(block.group(1));
    }
  }

  /** The lines between the two markers, without their common indentation, each ending in a newline. */
  private static String marked(Path source, String name) throws Exception {
    List<String> lines = Arrays.asList(Files.readString(source).split("\n", -1));
    int begin = indexOf(lines, "// README:" + name + ":begin", source);
    int end = indexOf(lines, "// README:" + name + ":end", source);
    List<String> region = lines.subList(begin + 1, end);
    int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return region.stream().map(l -> (l.isBlank() ? "" : l.substring(indent)) + "\n").collect(Collectors.joining());
  }

  private static int indexOf(List<String> lines, String marker, Path source) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("no line '" + marker + "' in " + source);
  }
}
