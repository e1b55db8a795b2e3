package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.Trace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link OnnxModel#run}: the traces and where the time went.
 *
 * @param traces one per branch, in request order
 * @param stats timings and token counts
 * @param forkDistribution the distribution over tags at the fork, when the call's prefill gave it
 */
public record Generation(List<Trace> traces, RunStats stats, Optional<ForkDistribution> forkDistribution) {
  /** Copies the list. */
  public Generation {
    traces = List.copyOf(traces);
    Objects.requireNonNull(forkDistribution, "forkDistribution");
  }
}
