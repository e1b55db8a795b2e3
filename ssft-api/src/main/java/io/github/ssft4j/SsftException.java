package io.github.ssft4j;

/**
 * Base of every exception ssft4j throws. Unchecked, like {@link java.io.UncheckedIOException}: most callers cannot
 * recover and should not be forced to catch. Messages name the file, field or value at fault.
 */
public class SsftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, field or value at fault */
  public SsftException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, field or value at fault
   * @param cause the underlying failure
   */
  public SsftException(String message, Throwable cause) {
    super(message, cause);
  }
}
