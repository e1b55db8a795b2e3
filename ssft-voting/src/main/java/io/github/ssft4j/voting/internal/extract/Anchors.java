package io.github.ssft4j.voting.internal.extract;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Answer anchors, after the reference's regexes: "final answer is X. I hope" (priority 0), "final answer ... is X"
 * (50), "answer: ... X" (100) and "answer ... X" within 50 characters (200), in the languages the reference's
 * multilingual tasks use. An answer that no anchor binds has priority 300.
 */
final class Anchors {
  /** Only the last this-many occurrences of an anchor word are considered: answers come last. */
  static final int MAX_ANCHORS = 32;
  static final String[] ANSWER_WORDS = {"answer", "réponse", "reponse", "respuesta", "antwort", "risposta",
      "resposta", "ответ", "答案", "الإجابة", "الجواب", "उत्तर"};
  static final Pattern IS_BEFORE = Pattern.compile(".{0,100}?\\s+is:?\\s*", Pattern.DOTALL);
  static final Pattern STRICT_IS_BEFORE = Pattern.compile("\\s+is:?\\s*");
  static final Pattern I_HOPE_AFTER = Pattern.compile("^\\.?\\s?i hope");

  private Anchors() {}

  /**
   * Binds each anchor to the first answer after it, as a lazy regex scan would: "final answer ... is" to the first
   * group right after an "is" (50; 0 with "I hope" after), an answer word to the first group within 50 characters
   * (100 after "answer:", else 200). Unbound groups get 300.
   */
  static int[] anchorPriorities(String lower, List<List<int[]>> groups) {
    int[] p = new int[groups.size()];
    java.util.Arrays.fill(p, 300);
    int[] starts = new int[groups.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = groups.get(i).get(0)[0];
    }
    int count = 0;
    for (int at = lower.lastIndexOf("final answer"); at >= 0 && count < MAX_ANCHORS;
        at = at == 0 ? -1 : lower.lastIndexOf("final answer", at - 1), count++) {
      int from = at + 12;
      for (int g = firstAtOrAfter(starts, from); g < starts.length && starts[g] - from <= 110; g++) {
        String between = lower.substring(from, starts[g]);
        if (IS_BEFORE.matcher(between).matches()) {
          List<int[]> grp = groups.get(g);
          int end = grp.get(grp.size() - 1)[3];
          boolean strict = STRICT_IS_BEFORE.matcher(between).matches()
              && I_HOPE_AFTER.matcher(lower.substring(end, Math.min(lower.length(), end + 10))).find();
          p[g] = Math.min(p[g], strict ? 0 : 50);
          break;
        }
      }
    }
    for (String w : ANSWER_WORDS) {
      count = 0;
      for (int at = lower.lastIndexOf(w); at >= 0 && count < MAX_ANCHORS;
          at = at == 0 ? -1 : lower.lastIndexOf(w, at - 1), count++) {
        int from = at + w.length();
        int g = firstAtOrAfter(starts, from);
        if (g < starts.length && starts[g] - from <= 51) {
          p[g] = Math.min(p[g], lower.startsWith(":", from) ? 100 : 200);
        }
      }
    }
    return p;
  }

  static int firstAtOrAfter(int[] sorted, int value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

}
