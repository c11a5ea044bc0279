package dev.taskbed.simulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command, with what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SimulatorCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CommandRun(code, out.toString(), err.toString());
  }

  /** The short test scenario, written to {@code dir}, with extra arguments. */
  static CommandRun shortScenario(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("--scenario", resource("scenarios/short.conf").toString(),
        "--out", dir.toString(), "--no-progress"));
    args.addAll(List.of(extra));
    return of(args.toArray(String[]::new));
  }

  static Path resource(String name) {
    try {
      return Path.of(CommandRun.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
