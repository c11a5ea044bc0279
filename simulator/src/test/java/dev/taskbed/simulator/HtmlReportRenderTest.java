package dev.taskbed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium and checks that the page renders: the inline script ran
 * and found every chart, and a screenshot was painted. Needs the Debian package {@code chromium}
 * (or {@code TASKBED_CHROMIUM=/path/to/chrome}). Without it the test is skipped on a developer
 * machine but FAILS in CI (env {@code CI=true} or {@code -Dtaskbed.ci=true}), so a CI image
 * without a browser cannot pass silently.
 */
class HtmlReportRenderTest {
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

  @Test
  void the_html_report_renders_in_headless_chromium(@TempDir Path dir) throws Exception {
    Path browser = chromium().orElse(null);
    if (browser == null) {
      if (inCi()) {
        fail("Chromium is required in CI to check report.html renders: apt-get install -y chromium "
            + "(or set TASKBED_CHROMIUM to a Chrome/Chromium binary)");
      }
      Assumptions.abort("Chromium not installed (apt-get install -y chromium); skipped outside CI");
    }
    CommandRun run = CommandRun.shortScenario(dir.resolve("out"));
    Path html = dir.resolve("out/report.html");
    assertThat(html).as(run.toString()).exists();

    String dom = runBrowser(browser, dir.resolve("profile-dom"), "--dump-dom", html.toUri().toString());
    assertThat(dom).as("DOM after scripts ran").contains("data-rendered=\"4\"", "id=\"verdict\"", "id=\"throughput\"",
        "class=\"fault crash\"", "class=\"fault stall\"", "class=\"fault pause-queue\"");

    Path png = dir.resolve("report.png");
    runBrowser(browser, dir.resolve("profile-shot"), "--window-size=1100,2000", "--screenshot=" + png,
        html.toUri().toString());
    assertThat(png).exists();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("screenshot size: a blank page compresses to a few kB").isGreaterThan(30_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  private static String runBrowser(Path browser, Path profile, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(browser.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within 90 s: " + command);
    }
    assertThat(p.exitValue()).as("Chromium exit status for " + command).isZero();
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static boolean inCi() {
    return Boolean.getBoolean("taskbed.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static Optional<Path> chromium() {
    String explicit = System.getenv("TASKBED_CHROMIUM");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
