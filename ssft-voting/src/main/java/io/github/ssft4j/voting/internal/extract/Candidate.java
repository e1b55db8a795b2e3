package io.github.ssft4j.voting.internal.extract;

import io.github.ssft4j.voting.MatchType;

/**
 * A candidate answer found in a text.
 *
 * @param text the answer's text ({@code ""} when {@code overLimit})
 * @param priority lower is better
 * @param start where it starts in the (clipped) text
 * @param end where it ends
 * @param type what found it
 * @param overLimit whether the answer here is beyond a size limit (too long, nested or cut by a scan window): it
 *     is known to be there, but not what it is, so it means "no answer" rather than a part of it
 */
public record Candidate(String text, int priority, int start, int end, MatchType type, boolean overLimit) {
  /**
   * An answer within the limits.
   *
   * @param text the answer's text
   * @param priority lower is better
   * @param start where it starts
   * @param end where it ends
   * @param type what found it
   */
  public Candidate(String text, int priority, int start, int end, MatchType type) {
    this(text, priority, start, end, type, false);
  }

  static Candidate overLimit(int priority, int start, int end, MatchType type) {
    return new Candidate("", priority, start, end, type, true);
  }
}
