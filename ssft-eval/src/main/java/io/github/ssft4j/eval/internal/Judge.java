package io.github.ssft4j.eval.internal;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.eval.AnswerFormat;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.LetterAnswerExtractor;
import io.github.ssft4j.voting.MatchType;
import io.github.ssft4j.voting.MathAnswerEquivalence;
import io.github.ssft4j.voting.MathAnswerExtractor;
import java.util.EnumSet;

/**
 * Extracts a generation's answer (for voting) and decides its correctness against the gold answer the way the
 * reference evaluation does (ssft-voting's {@link AnswerVerifier}: Math-Verify's rules for math, letters for
 * multiple choice).
 */
final class Judge {
  private static final AnswerVerifier.Options LETTERS =
      AnswerVerifier.Options.DEFAULT.withMatchTypes(EnumSet.of(MatchType.LETTERS));

  private final AnswerFormat format;
  private final AnswerExtractor extractor;
  private final AnswerEquivalence equivalence = new MathAnswerEquivalence();

  Judge(AnswerFormat format) {
    this.format = format;
    this.extractor = format == AnswerFormat.LETTER ? new LetterAnswerExtractor('D') : new MathAnswerExtractor();
  }

  ExtractedAnswer extract(String text) {
    return extractor.extract(text);
  }

  boolean correct(String gold, String text) {
    return format == AnswerFormat.LETTER ? AnswerVerifier.verify(gold, text, LETTERS)
        : AnswerVerifier.verify(goldText(gold), text, AnswerVerifier.Options.DEFAULT);
  }

  AnswerEquivalence equivalence() {
    return equivalence;
  }

  /** A bare gold answer ({@code \frac{14}{3}}) is read as LaTeX math, as the reference wraps it in dollars. */
  static String goldText(String gold) {
    return gold.contains("$") || gold.contains("\\boxed") ? gold : "$" + gold + "$";
  }
}
