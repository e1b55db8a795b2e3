package io.github.ssft4j.spi;

import io.github.ssft4j.ExtractedAnswer;

/**
 * Finds the final answer in a text: a model's trace, or a gold answer (extraction is applied to both, as LightEval
 * does). Implementations are registered in {@code META-INF/services/io.github.ssft4j.spi.AnswerExtractor};
 * {@code ssft-voting} provides the default. Implementations must be thread-safe and must not throw on any input:
 * text with no answer gives {@link ExtractedAnswer#NONE}.
 */
public interface AnswerExtractor {
  /** @return a short name, e.g. {@code math} */
  String name();

  /** @return rank among implementations on the class path; the highest is the default */
  default int priority() {
    return 0;
  }

  /**
   * @param text free text
   * @return its final answer, or {@link ExtractedAnswer#NONE}
   */
  ExtractedAnswer extract(String text);

  /** @return the highest-priority implementation on the class path (from {@code ssft-voting}) */
  static AnswerExtractor findDefault() {
    return ServiceLookup.best(AnswerExtractor.class, AnswerExtractor::priority, "ssft-voting");
  }
}
