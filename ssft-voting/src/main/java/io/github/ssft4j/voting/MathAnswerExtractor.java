package io.github.ssft4j.voting;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.spi.AnswerExtractor;
import java.util.Set;

/**
 * The default extractor ({@code math}): the last {@code \boxed{}}, a "final answer is" phrase, LaTeX math or the
 * last number, parsed to a canonical form. Answers that do not parse are returned as {@link ExtractedAnswer.Kind#TEXT}.
 */
public final class MathAnswerExtractor implements AnswerExtractor {
  private static final Set<MatchType> TYPES = Set.of(MatchType.LATEX, MatchType.EXPR);

  /** Creates the extractor (stateless). */
  public MathAnswerExtractor() {}

  @Override
  public String name() {
    return "math";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public ExtractedAnswer extract(String text) {
    try {
      if (text == null) {
        return ExtractedAnswer.NONE;
      }
      AnswerVerifier.Parsed p = AnswerVerifier.parseFirst(text, TYPES);
      if (p == null) {
        return ExtractedAnswer.NONE;
      }
      return new ExtractedAnswer(p.raw().strip(), p.display(),
          p.expr() == null ? ExtractedAnswer.Kind.TEXT : ExtractedAnswer.Kind.MATH);
    } catch (RuntimeException | StackOverflowError e) {
      return ExtractedAnswer.NONE;
    }
  }
}
