package io.github.ssft4j;

/** Training or export failed: bad training data, a diverging run, a checkpoint that cannot be written. */
public class TrainingException extends SsftException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, field or value at fault */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, field or value at fault
   * @param cause the underlying failure
   */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
