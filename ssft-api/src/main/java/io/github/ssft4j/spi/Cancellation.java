package io.github.ssft4j.spi;

import io.github.ssft4j.GenerationCancelledException;

/**
 * Tells a running call whether to stop. Backends call {@link #checkpoint()} at least once per decode step and
 * between prefill chunks, and release the call's native memory when it throws.
 */
@FunctionalInterface
public interface Cancellation {
  /** Never stops. */
  Cancellation NONE = () -> {};

  /** @throws GenerationCancelledException when the call was cancelled or ran past its deadline */
  void checkpoint();
}
