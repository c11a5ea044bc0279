package dev.taskbed.examples.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds the README to this project: the example it shows is the code that runs here on Redis (but
 * for the broker it creates), and the dependency declarations it tells an application to add are
 * this project's.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("../../README.md");
  private static final String README_BROKER = "Broker broker = InMemoryBroker.create(); // or a JedisBroker / RedissonBroker";
  private static final String EXAMPLE_BROKER = "Broker broker = JedisBroker.create(RedisBrokerConfig.standalone(redisUri).build());";

  @Test
  void the_readme_example_is_the_code_this_project_runs_on_redis_but_for_the_broker() throws Exception {
    String example = marked(Files.readString(Path.of("src/main/java/dev/taskbed/examples/email/EmailOnRedis.java")),
        "    // README:begin\n", "    // README:end");
    assertThat(example).contains(EXAMPLE_BROKER);
    assertThat(Files.readString(README)).contains("```java\n" + example.replace(EXAMPLE_BROKER, README_BROKER) + "```");
  }

  @Test
  void the_readme_tells_an_application_to_declare_what_this_project_declares() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    String readme = Files.readString(README);
    assertThat(readme).contains(marked(pom, "      <!-- README:bom:begin -->\n", "      <!-- README:bom:end -->"));
    assertThat(readme).contains(marked(pom, "    <!-- README:backend:begin -->\n", "    <!-- README:backend:end -->"));
  }

  /** The text between two marker lines, without its common indentation. */
  private static String marked(String text, String begin, String end) {
    assertThat(text).contains(begin, end);
    String block = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
    List<String> lines = Arrays.asList(block.split("\n", -1));
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
  }
}
