package io.github.ssft4j.eval;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.InvalidArgumentException;

/**
 * One generation of one problem, as the journal records it.
 *
 * @param problemId the problem's id
 * @param tag the tag it was generated under (1-based; 0 untagged)
 * @param index its index among the samples of that tag ({@code 0..}): metrics read samples in this order
 * @param seed the seed of the forked call that produced it (derived from the evaluation seed, the problem id and
 *     the call's position in the problem's plan, never from scheduling)
 * @param branch its branch within that call
 * @param text the generated text
 * @param answer the extracted answer ({@link ExtractedAnswer#NONE} when there is none)
 * @param correct whether it matches the gold answer
 * @param tokens tokens generated
 */
public record Sample(String problemId, int tag, int index, long seed, int branch, String text, ExtractedAnswer answer,
    boolean correct, int tokens) {
  /** Rejects nulls and negative positions. */
  public Sample {
    if (problemId == null || text == null || answer == null || tag < 0 || index < 0 || branch < 0) {
      throw new InvalidArgumentException("invalid sample of problem " + problemId + " tag " + tag + " #" + index);
    }
  }

  /** @return the key {@code problemId/tag/index} that identifies the sample within an evaluation */
  public String key() {
    return key(problemId, tag, index);
  }

  /**
   * @param problemId the problem
   * @param tag the tag
   * @param index the index within the tag
   * @return the identifying key
   */
  public static String key(String problemId, int tag, int index) {
    return problemId + "\u0000" + tag + "\u0000" + index;
  }
}
