package io.github.ssft4j.spi;

import io.github.ssft4j.ExtractedAnswer;

/**
 * Decides whether two extracted answers are the same answer (e.g. {@code \frac12} and {@code 0.5}). Used to group
 * branches into classes for voting and to score an answer against a gold answer. Must be thread-safe, never throw,
 * and return within a bounded time on any input.
 */
public interface AnswerEquivalence {
  /** @return a short name, e.g. {@code math} */
  String name();

  /** @return rank among implementations on the class path; the highest is the default */
  default int priority() {
    return 0;
  }

  /**
   * @param gold the reference answer (for voting: the class representative)
   * @param candidate the answer to compare
   * @return whether they are the same answer; {@code false} whenever either is absent
   */
  boolean equivalent(ExtractedAnswer gold, ExtractedAnswer candidate);

  /** @return the highest-priority implementation on the class path (from {@code ssft-voting}) */
  static AnswerEquivalence findDefault() {
    return ServiceLookup.best(AnswerEquivalence.class, AnswerEquivalence::priority, "ssft-voting");
  }
}
