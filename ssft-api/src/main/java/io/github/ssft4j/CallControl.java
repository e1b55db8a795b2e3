package io.github.ssft4j;

import io.github.ssft4j.spi.Cancellation;
import java.time.Duration;
import java.util.Optional;

/** The cancellation flag and deadline of one call, checked by the backend every decode step. */
final class CallControl implements Cancellation {
  private volatile boolean cancelled;
  private final long deadline;
  private final Duration timeout;

  private CallControl(Duration timeout) {
    this.timeout = timeout;
    this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + saturatedNanos(timeout);
  }

  /** @param timeout the call's limit, counted from now */
  static CallControl start(Optional<Duration> timeout) {
    return new CallControl(timeout.orElse(null));
  }

  void cancel() {
    cancelled = true;
  }

  @Override
  public void checkpoint() {
    if (cancelled) {
      throw new GenerationCancelledException("the call was cancelled", false);
    }
    if (timeout != null && System.nanoTime() - deadline > 0) {
      throw new GenerationCancelledException("the call ran past its timeout of " + timeout, true);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
