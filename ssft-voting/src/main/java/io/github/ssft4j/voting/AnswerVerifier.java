package io.github.ssft4j.voting;

import io.github.ssft4j.voting.internal.extract.Candidate;
import io.github.ssft4j.voting.internal.extract.CandidateFinder;
import io.github.ssft4j.voting.internal.extract.ChoiceLetters;
import io.github.ssft4j.voting.internal.math.Canonical;
import io.github.ssft4j.voting.internal.math.Expr;
import io.github.ssft4j.voting.internal.math.MathComparator;
import io.github.ssft4j.voting.internal.math.MathParser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a model's output matches a gold answer, as the reference evaluation does: the answer is
 * extracted from both texts (boxed, "final answer is", LaTeX, plain numbers or choice letters), parsed, and compared
 * with {@link MathComparator}. Thread-safe, never throws, bounded in time on any input.
 *
 * <pre>{@code
 * boolean ok = AnswerVerifier.verify("$\\frac{1}{3}$", "so the answer is $0.3333$", AnswerVerifier.Options.DEFAULT);
 * }</pre>
 */
public final class AnswerVerifier {

  /**
   * Verification settings.
   *
   * @param precision decimal places compared when either answer is a decimal (the reference default is 6)
   * @param strict when {@code false}, variable names are ignored
   * @param allowSetRelationComp whether a single inequality may match an interval
   * @param matchTypes what to extract from both texts
   */
  public record Options(int precision, boolean strict, boolean allowSetRelationComp, Set<MatchType> matchTypes) {
    /** LaTeX and plain expressions, precision 6, strict. */
    public static final Options DEFAULT = new Options(6, true, false, EnumSet.of(MatchType.LATEX, MatchType.EXPR));

    /** Copies the match types; an empty set means the default LaTeX and plain expressions. */
    public Options {
      matchTypes = matchTypes == null || matchTypes.isEmpty() ? Set.of(MatchType.LATEX, MatchType.EXPR)
          : Set.copyOf(matchTypes);
    }

    /**
     * @param types the match types to use
     * @return a copy with those match types
     */
    public Options withMatchTypes(Set<MatchType> types) {
      return new Options(precision, strict, allowSetRelationComp, types);
    }

    MathComparator.Options comparator() {
      return new MathComparator.Options(precision, strict, allowSetRelationComp);
    }
  }

  /**
   * The outcome of one verification.
   *
   * @param match whether the prediction matches the gold
   * @param gold the answer extracted from the gold text (canonical form), or {@code ""}
   * @param prediction the answer extracted from the prediction (canonical form), or {@code ""}
   */
  public record Verdict(boolean match, String gold, String prediction) {}

  private AnswerVerifier() {}

  /**
   * @param gold the gold answer text
   * @param prediction the model's output
   * @param options settings
   * @return whether they match
   */
  public static boolean verify(String gold, String prediction, Options options) {
    return check(gold, prediction, options).match();
  }

  /**
   * @param gold the gold answer text
   * @param prediction the model's output
   * @param options settings
   * @return the verdict with both extracted answers
   */
  public static Verdict check(String gold, String prediction, Options options) {
    try {
      if (gold == null || prediction == null) {
        return new Verdict(false, "", "");
      }
      Options o = options == null ? Options.DEFAULT : options;
      if (o.matchTypes().contains(MatchType.LETTERS)) {
        String g = ChoiceLetters.letter(gold, 'Z');
        if (g != null) {
          char max = (char) Math.max('D', g.charAt(0));
          String p = ChoiceLetters.letter(prediction, max);
          return new Verdict(g.equals(p), g, p == null ? "" : p);
        }
        if (o.matchTypes().size() == 1) {
          return new Verdict(false, "", "");
        }
      }
      Set<MatchType> math = EnumSet.noneOf(MatchType.class);
      for (MatchType t : o.matchTypes()) {
        if (t != MatchType.LETTERS) {
          math.add(t);
        }
      }
      Parsed g = parseFirst(gold, math);
      Parsed p = parseFirst(prediction, math);
      if (g == null || p == null) {
        return new Verdict(false, g == null ? "" : g.display(), p == null ? "" : p.display());
      }
      boolean match = g.expr() != null && p.expr() != null
          ? MathComparator.equivalent(g.expr(), p.expr(), o.comparator())
          : g.raw().strip().equals(p.raw().strip());
      return new Verdict(match, g.display(), p.display());
    } catch (RuntimeException | StackOverflowError e) {
      return new Verdict(false, "", "");
    }
  }

  /**
   * A candidate answer and its tree ({@code null} when it did not parse).
   *
   * @param raw the candidate's text
   * @param expr its tree, or {@code null}
   * @param anchored whether an anchor or box chose it (priority below 300), rather than being the last formula
   */
  record Parsed(String raw, Expr expr, boolean anchored) {
    String display() {
      return expr == null ? raw : Canonical.display(expr);
    }
  }

  /**
   * The answer of a text: the best candidate that parses. A candidate beyond a size limit ends the search with no
   * answer, as does a text with candidates none of which parses unless an anchor chose the first (then its text
   * is the answer, compared as text).
   *
   * @return the answer, or {@code null} for none
   */
  static Parsed parseFirst(String text, Set<MatchType> types) {
    List<Candidate> cands = CandidateFinder.find(text, types);
    for (Candidate c : cands) {
      if (c.overLimit()) {
        return null;
      }
      MathParser.Result r = MathParser.analyze(c.text());
      if (r.limitReached()) {
        return null;
      }
      if (r.expr() != null) {
        return new Parsed(c.text(), r.expr(), c.priority() < 300);
      }
    }
    return cands.isEmpty() ? null : new Parsed(cands.get(0).text(), null, cands.get(0).priority() < 300);
  }
}
