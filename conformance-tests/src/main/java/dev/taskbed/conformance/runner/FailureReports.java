package dev.taskbed.conformance.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes failure reports under {@code target/taskbed-conformance} (or {@code -Dtaskbed.conformance.reportDir}). */
public final class FailureReports {
  private FailureReports() {}

  /** Writes {@code text} to {@code name} in the report directory; returns the file, or null if writing failed. */
  public static Path write(String name, String text) {
    Path dir = Path.of(System.getProperty("taskbed.conformance.reportDir", "target/taskbed-conformance"));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toAbsolutePath();
    } catch (IOException e) {
      System.err.println("could not write conformance report " + name + ": " + e);
      return null;
    }
  }
}
