package io.github.ssft4j;

/** Generation failed while running the model (a native runtime error, a prompt longer than the model's positions, ...). */
public class GenerationException extends SsftException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, field or value at fault */
  public GenerationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, field or value at fault
   * @param cause the underlying failure
   */
  public GenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
