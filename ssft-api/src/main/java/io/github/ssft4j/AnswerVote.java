package io.github.ssft4j;

import java.util.List;

/**
 * The votes one equivalence class of answers received.
 *
 * @param answer the class's representative (its first branch's answer, in branch order)
 * @param count how many branches gave an answer of this class
 * @param weight the class's score under the voting strategy (equal to {@code count} for a plain majority)
 * @param branches indices of the branches in this class, ascending
 */
public record AnswerVote(ExtractedAnswer answer, int count, double weight, List<Integer> branches) {
  /** Copies the branch list. */
  public AnswerVote {
    Checks.notNull("answer", answer);
    branches = List.copyOf(Checks.notNull("branches", branches));
  }
}
