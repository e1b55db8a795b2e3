package io.github.ssft4j.spi;

import io.github.ssft4j.Trace;
import io.github.ssft4j.Usage;
import java.util.List;
import java.util.Objects;

/**
 * What {@link InferenceModel#fork} produced.
 *
 * @param traces one per branch, in request order
 * @param usage tokens and time of the call
 */
public record ForkResult(List<Trace> traces, Usage usage) {
  /** Copies the list. */
  public ForkResult {
    traces = List.copyOf(traces);
    Objects.requireNonNull(usage, "usage");
  }
}
