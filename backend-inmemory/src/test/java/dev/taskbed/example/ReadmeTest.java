package dev.taskbed.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the README's code example identical to the compiled and tested {@link EmailExample}. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void the_readme_shows_the_example_exactly_as_compiled() throws Exception {
    String source = Files.readString(ROOT.resolve("backend-inmemory/src/test/java/dev/taskbed/example/EmailExample.java"));
    String snippet = dedent(source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
        source.indexOf("    // README:end")));
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme).contains("```java\n" + snippet + "```");
  }

  @Test
  void the_example_is_the_readmes_only_java_snippet() throws Exception {
    // Any other Java block would be code the build does not compile; its XML blocks are held to
    // examples/email-on-redis/pom.xml by that project's ReadmeExampleTest.
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme.split("```java\n", -1)).as("Java blocks in README.md").hasSize(2);
  }

  private static String dedent(String block) {
    List<String> lines = Arrays.asList(block.split("\n", -1));
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
  }
}
