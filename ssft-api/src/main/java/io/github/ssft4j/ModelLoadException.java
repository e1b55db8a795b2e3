package io.github.ssft4j;

/** A model folder, checkpoint or one of its files is missing, unreadable or inconsistent, or no backend can run it. */
public class ModelLoadException extends SsftException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, field or value at fault */
  public ModelLoadException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, field or value at fault
   * @param cause the underlying failure
   */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
