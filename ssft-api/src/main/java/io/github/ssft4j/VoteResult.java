package io.github.ssft4j;

import java.util.List;

/**
 * What a {@link io.github.ssft4j.spi.VotingStrategy} decided.
 *
 * @param winner the chosen answer, or {@link ExtractedAnswer#NONE} when no branch had one
 * @param tally every equivalence class with its votes, the winner first, then by decreasing weight
 */
public record VoteResult(ExtractedAnswer winner, List<AnswerVote> tally) {
  /** Copies the tally. */
  public VoteResult {
    Checks.notNull("winner", winner);
    tally = List.copyOf(Checks.notNull("tally", tally));
  }
}
