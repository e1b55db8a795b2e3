package io.github.ssft4j;

/**
 * A call was cancelled (by {@link java.util.concurrent.Future#cancel} or its handle) or ran past its timeout. The
 * call's native memory has been released and the reasoner stays usable.
 */
public class GenerationCancelledException extends GenerationException {
  private static final long serialVersionUID = 1L;
  private final boolean timedOut;

  /**
   * @param message what was stopped and when
   * @param timedOut whether the call's timeout, not a cancellation, stopped it
   */
  public GenerationCancelledException(String message, boolean timedOut) {
    super(message);
    this.timedOut = timedOut;
  }

  /** @return whether the call's timeout stopped it (otherwise it was cancelled) */
  public boolean timedOut() {
    return timedOut;
  }
}
