package dev.taskbed.simulator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw content of one scenario file: {@code key = value} lines in file order, each remembered
 * with where it was written. Blank lines and lines starting with {@code #} are ignored; a value
 * runs to the end of its line (a {@code #} inside a value is part of it, so comments go on their
 * own lines).
 */
public final class ScenarioFile {
  /** One setting and where it came from, e.g. {@code email.conf:42}. */
  public record Setting(String key, String value, String origin) {}

  private final String name;
  private final Map<String, Setting> settings;

  private ScenarioFile(String name, Map<String, Setting> settings) {
    this.name = name;
    this.settings = Collections.unmodifiableMap(settings);
  }

  /** Parses {@code text}; {@code name} is used in messages. A key given twice is rejected. */
  public static ScenarioFile parse(String name, String text) {
    Map<String, Setting> settings = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String origin = name + ":" + (i + 1);
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ScenarioException(line, origin + ": expected `key = value`, got \"" + line + "\"");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.isEmpty()) {
        throw new ScenarioException(key, origin + ": missing key before `=` in \"" + line + "\"");
      }
      Setting previous = settings.put(key, new Setting(key, value, origin));
      if (previous != null) {
        throw new ScenarioException(key, origin + ": key " + key + " is already set at " + previous.origin());
      }
    }
    return new ScenarioFile(name, settings);
  }

  public String name() {
    return name;
  }

  /** Every setting, in file order. */
  public Map<String, Setting> settings() {
    return settings;
  }
}
