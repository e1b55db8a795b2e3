package io.github.ssft4j.voting;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.voting.internal.math.Expr;
import io.github.ssft4j.voting.internal.math.MathComparator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The default extractor ({@code math}): the last {@code \boxed{}}, a "final answer is" phrase, LaTeX math or the
 * last number, parsed to a canonical form. A boxed or anchored answer that does not parse is returned as
 * {@link ExtractedAnswer.Kind#TEXT}; a text without a final answer whose last formula is not an answer (words, a
 * false statement such as {@code 0=102}, something beyond a size limit) has none, so it casts no vote.
 */
public final class MathAnswerExtractor implements AnswerExtractor {
  private static final Set<MatchType> TYPES = Set.of(MatchType.LATEX, MatchType.EXPR);
  private static final Pattern WORD = Pattern.compile("\\s*[A-Za-z]{3,}\\s*");

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
      if (p == null || !p.anchored() && !isAnswer(p.raw(), p.expr())) {
        return ExtractedAnswer.NONE;
      }
      return new ExtractedAnswer(p.raw().strip(), p.display(),
          p.expr() == null ? ExtractedAnswer.Kind.TEXT : ExtractedAnswer.Kind.MATH);
    } catch (RuntimeException | StackOverflowError e) {
      return ExtractedAnswer.NONE;
    }
  }

  /**
   * Whether the last formula of a text without a final answer (no box, no answer phrase) is an answer: one that
   * parses as mathematics, is not a word ({@code What}, which would parse as a product of letters) and is not a false statement between numbers ({@code 0=102}).
   */
  private static boolean isAnswer(String raw, Expr e) {
    return e != null && e.kind() != Expr.Kind.TEXT && !WORD.matcher(raw).matches()
        && !MathComparator.isFalseStatement(e);
  }
}
