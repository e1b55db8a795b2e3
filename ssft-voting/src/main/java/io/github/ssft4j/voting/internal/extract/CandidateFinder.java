package io.github.ssft4j.voting.internal.extract;

import io.github.ssft4j.voting.MatchType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Finds candidate answers in free text, best first, with the reference's priorities: "final answer is X. I hope"
 * (0); "final answer ... is X" and {@code \boxed{}} (50); "answer: ... X" (100); "answer ... X" (200); any math
 * environment, fraction, expression or number (300). Within a priority the match that ends last comes first.
 * Linear in the text length; a text longer than {@link TextNormalizer#MAX_TEXT} characters gives one candidate over
 * the limit.
 */
public final class CandidateFinder {
  private static final int MAX_CANDIDATES = 12;
  /** Anchors, math environments and numbers are searched in the last this-many characters only. */
  static final int MAX_TAIL = 30_000;

  private CandidateFinder() {}

  /**
   * @param text free text
   * @param types what to look for
   * @return candidates, best first
   */
  public static List<Candidate> find(String text, Set<MatchType> types) {
    if (text.length() > TextNormalizer.MAX_TEXT) {
      // Too long to scan whole: its answer is unknown, never read from a part of it.
      return List.of(Candidate.overLimit(0, 0, text.length(), MatchType.LATEX));
    }
    String t = TextNormalizer.clip(text);
    int offset = Math.max(0, t.length() - MAX_TAIL);
    String lower = TextNormalizer.asciiLower(t.substring(offset));
    List<Candidate> out = new ArrayList<>();
    if (types.contains(MatchType.LATEX)) {
      // Paired once over the whole text: boxes need the environment holding them, answers the environments.
      List<int[]> environments = LatexSpans.mathEnvironments(t);
      LatexSpans.boxes(t, environments, out);
      LatexSpans.environments(t, environments, offset, lower, out);
    }
    if (types.contains(MatchType.EXPR)) {
      PlainAnswers.expressions(t, offset, lower, out);
    }
    out.sort(Comparator.comparingInt(Candidate::priority).thenComparing(Comparator.comparingInt(Candidate::end)
        .reversed()).thenComparingInt(Candidate::start));
    return out.size() > MAX_CANDIDATES ? List.copyOf(out.subList(0, MAX_CANDIDATES)) : out;
  }
}
