package io.github.ssft4j;

import java.util.List;

/**
 * One branch's generated continuation.
 *
 * @param tagIndex the 1-based forking tag the branch was opened with, or {@code 0} for an untagged generation
 * @param tag the tag's text (e.g. {@code <think2>}), or {@code ""} when untagged
 * @param text the decoded continuation (special tokens such as the end-of-sequence token removed)
 * @param tokenIds the generated token ids, including a final end-of-sequence token when there was one
 * @param finishReason why generation stopped
 * @param logProbs confidence statistics over {@code tokenIds}
 */
public record Trace(
    int tagIndex, String tag, String text, List<Integer> tokenIds, FinishReason finishReason,
    LogProbSummary logProbs) {

  /** Copies the token list and rejects nulls. */
  public Trace {
    Checks.nonNegative("tagIndex", tagIndex);
    Checks.notNull("tag", tag);
    Checks.notNull("text", text);
    tokenIds = List.copyOf(Checks.notNull("tokenIds", tokenIds));
    Checks.notNull("finishReason", finishReason);
    Checks.notNull("logProbs", logProbs);
  }
}
