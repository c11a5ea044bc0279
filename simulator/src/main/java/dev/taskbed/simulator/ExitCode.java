package dev.taskbed.simulator;

/** What the command's exit status means; scripts and CI can tell failures apart. */
public final class ExitCode {
  /** The run finished and every guarantee held (or, without a checker, the run finished). */
  public static final int OK = 0;
  /** The history checker found a broken guarantee. */
  public static final int GUARANTEE_BROKEN = 1;
  /** An invalid option, scenario file or scenario value. */
  public static final int BAD_INPUT = 2;
  /** The backend could not be reached or is not available. */
  public static final int BACKEND_UNAVAILABLE = 3;
  /** Tasks were still unfinished when the drain timeout ran out. */
  public static final int NOT_DRAINED = 4;

  private ExitCode() {}
}
