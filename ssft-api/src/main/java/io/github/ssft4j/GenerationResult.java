package io.github.ssft4j;

import java.util.List;

/**
 * The branches of {@link ParallelReasoner#generate(ConsensusRequest)}: generated, not voted on.
 *
 * @param traces one per branch, in branch order
 * @param usage tokens and time of the call
 */
public record GenerationResult(List<Trace> traces, Usage usage) {
  /** Copies the list. */
  public GenerationResult {
    traces = List.copyOf(Checks.notNull("traces", traces));
    Checks.notNull("usage", usage);
  }
}
