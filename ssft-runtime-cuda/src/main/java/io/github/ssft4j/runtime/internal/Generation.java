package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.Trace;
import java.util.List;

/**
 * The result of {@link OnnxModel#run}: the traces and where the time went.
 *
 * @param traces one per branch, in request order
 * @param stats timings and token counts
 */
public record Generation(List<Trace> traces, RunStats stats) {
  /** Copies the list. */
  public Generation {
    traces = List.copyOf(traces);
  }
}
