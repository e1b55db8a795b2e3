package io.github.ssft4j;

/** A caller passed a value outside its documented range ({@code k <= 0}, a temperature below 0, ...). */
public class InvalidArgumentException extends SsftException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong, naming the file, field or value at fault */
  public InvalidArgumentException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file, field or value at fault
   * @param cause the underlying failure
   */
  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
