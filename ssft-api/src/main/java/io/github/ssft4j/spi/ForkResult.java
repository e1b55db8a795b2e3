package io.github.ssft4j.spi;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.Trace;
import io.github.ssft4j.Usage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link InferenceModel#fork} produced.
 *
 * @param traces one per branch, in request order
 * @param usage tokens and time of the call
 * @param forkDistribution the model's distribution over its tags at the fork, when the call computed it on the way
 *     (a backend may, when it prefills the prompt and the fork prefix together); empty otherwise, and then
 *     {@link InferenceModel#forkDistribution} gives it
 */
public record ForkResult(List<Trace> traces, Usage usage, Optional<ForkDistribution> forkDistribution) {
  /** Copies the list. */
  public ForkResult {
    traces = List.copyOf(traces);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(forkDistribution, "forkDistribution");
  }

  /** Without a fork distribution. */
  public ForkResult(List<Trace> traces, Usage usage) {
    this(traces, usage, Optional.empty());
  }
}
