package io.github.ssft4j.voting;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.voting.internal.math.Expr;
import io.github.ssft4j.voting.internal.math.MathComparator;
import io.github.ssft4j.voting.internal.math.MathParser;
import java.util.Locale;

/**
 * The default equivalence ({@code math}): letters compare case-insensitively, mathematics with
 * {@link MathComparator} (exact rationals, decimals to a precision, symbolic equality, sets, intervals, relations),
 * text by its letters.
 */
public final class MathAnswerEquivalence implements AnswerEquivalence {
  private final MathComparator.Options options;

  /** Precision 6, strict, as the reference defaults. */
  public MathAnswerEquivalence() {
    this(AnswerVerifier.Options.DEFAULT);
  }

  /**
   * @param options comparison settings (precision, strictness, relation-set comparison; match types are unused)
   */
  public MathAnswerEquivalence(AnswerVerifier.Options options) {
    this.options = (options == null ? AnswerVerifier.Options.DEFAULT : options).comparator();
  }

  @Override
  public String name() {
    return "math";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public boolean equivalent(ExtractedAnswer gold, ExtractedAnswer candidate) {
    try {
      if (gold == null || candidate == null || !gold.isPresent() || !candidate.isPresent()) {
        return false;
      }
      if (gold.kind() == ExtractedAnswer.Kind.LETTER || candidate.kind() == ExtractedAnswer.Kind.LETTER) {
        return gold.kind() == candidate.kind() && gold.normalized().equalsIgnoreCase(candidate.normalized());
      }
      if (gold.normalized().equals(candidate.normalized())) {
        return true;
      }
      Expr g = MathParser.parse(gold.raw());
      Expr c = MathParser.parse(candidate.raw());
      if (g == null || c == null) {
        return squash(gold.raw()).equals(squash(candidate.raw()));
      }
      return MathComparator.equivalent(g, c, options);
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }
}
