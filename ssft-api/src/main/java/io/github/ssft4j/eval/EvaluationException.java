package io.github.ssft4j.eval;

import io.github.ssft4j.SsftException;

/**
 * An evaluation could not run or be reported: a benchmark file that does not parse, a journal written with other
 * settings, a corrupt journal line. The message names the file, line or field at fault.
 */
public class EvaluationException extends SsftException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, line or field at fault */
  public EvaluationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, line or field at fault
   * @param cause the underlying failure
   */
  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
