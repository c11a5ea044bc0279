package dev.taskbed;

/**
 * An option, task field or configuration value was rejected. The message names the option and the
 * offending value; {@link #option()} gives the option's name for programmatic handling.
 */
public class InvalidOptionException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final String option;

  public InvalidOptionException(String option, Object value, String problem) {
    super("invalid " + option + " " + describe(value) + ": " + problem);
    this.option = option;
  }

  /** The name of the rejected option, e.g. {@code "maxRetry"} or {@code "queue"}. */
  public String option() {
    return option;
  }

  private static String describe(Object value) {
    if (value instanceof CharSequence s) {
      String text = s.length() > 80 ? s.subSequence(0, 80) + "…(" + s.length() + " chars)" : s.toString();
      return "\"" + text + "\"";
    }
    return String.valueOf(value);
  }
}
