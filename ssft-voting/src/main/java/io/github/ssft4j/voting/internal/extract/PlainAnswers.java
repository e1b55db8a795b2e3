package io.github.ssft4j.voting.internal.extract;

import io.github.ssft4j.voting.MatchType;
import io.github.ssft4j.voting.internal.math.MathParser;
import io.github.ssft4j.voting.internal.math.Rational;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-text answers: the value an anchor binds ("the answer is 42", "answer: x = 3/4"), else the last numbers and
 * the last plain expression such as {@code 1/3} or {@code 2^10}. Numbers keep thousands separators and decimal
 * commas as the reference reads them ({@link TextNormalizer#number(String)}).
 */
final class PlainAnswers {
  /**
   * Scripts written without spaces between words, and their full-width punctuation: there a number may follow a
   * letter, as the reference's per-language sentence space (empty for Chinese and Japanese) allows.
   */
  private static final String UNSPACED = "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsThai}，。：；、！？（）";
  /**
   * A number as the reference reads one: after the start, a space or {@code =} (optionally bold {@code **} and a
   * currency sign), so that a digit inside a formula ({@code \\sqrt{16}}, {@code x_2}) is not an answer.
   */
  private static final Pattern NUMBER = Pattern.compile(
      // The first character is tested first: the lookbehinds (Unicode script tests) run only where a number can
      // start, not at every position a search tries.
      "(?=[-.\\d])(?<=^|[\\s=" + UNSPACED + "]|[\\s=]\\*\\*|^\\*\\*|[\\s=][$€£¥₹₽]|^[$€£¥₹₽])"
          + "(?<!\\\\(?:sqrt|frac|dfrac|tfrac|binom|sin|cos|tan|log|ln|exp)\\s{1,3})"
          // Possessive digit runs: a long number followed by a power is refused in linear time, not backtracked.
          + "(?:-?(?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?: \\d{3})+(?![\\d,.])|\\d++)(?:[.,]\\d++)?+(?![\\d])|-?\\.\\d++)"
          + "(?:\\s*(?:%|[Pp]ercentage|[Pp]ercent|[Pp]ct)(?![A-Za-z]))?"
          // Not the argument of a command, the base of a power nor the last entry of a bracket: parts of a formula
          // written without delimiters.
          + "(?!\\s*[\\^_]|[\\d.,]*\\s*[\\]}])");
  /** A plain expression such as {@code 1/3} or {@code 2^10}: starts with a digit, has an operator. */
  private static final Pattern EXPRESSION = Pattern.compile(
      "(?=[-(\\d])(?<=^|[\\s=" + UNSPACED + "])"
          + "-?\\(?-?\\d[\\d.\\s+\\-*×/^()÷]{0,60}?[+\\-*×/^÷][\\d.\\s+\\-*×/^()÷]{0,60}\\d"
          + "\\)?(?=[.,:\\s)$" + UNSPACED + "]|$)");

  private static final String EXPRESSION_CHARS = "0123456789. \t\n+-*×/^()÷";

  private PlainAnswers() {}

  /** Numbers and plain expressions: anchored by "final answer" or "answer" words, then the last ones. */
  static void expressions(String t, int offset, String lower, List<Candidate> out) {
    String tail = t.substring(offset);
    // Anchored values: the first value within 50 characters after the anchor, or the value after the last '='
    // within 100 characters.
    List<int[]> anchors = new ArrayList<>();
    for (int at = lower.lastIndexOf("final answer"); at >= 0 && anchors.size() < Anchors.MAX_ANCHORS;
        at = at == 0 ? -1 : lower.lastIndexOf("final answer", at - 1)) {
      anchors.add(new int[] {at, at + 12, 1});
    }
    for (String w : Anchors.ANSWER_WORDS) {
      int count = 0;
      for (int at = lower.lastIndexOf(w); at >= 0 && count < Anchors.MAX_ANCHORS;
          at = at == 0 ? -1 : lower.lastIndexOf(w, at - 1)) {
        anchors.add(new int[] {at, at + w.length(), 0});
        count++;
      }
    }
    for (int[] a : anchors) {
      anchoredValue(tail, lower, a, offset, out);
    }
    longLastNumber(t, out);
    // Unanchored: the last numbers and expressions (values always parse, so two of each suffice).
    int lastNumberEnd = lastNumbers(t, tail, offset, out);
    if (lastNumberEnd >= 0) {
      // An expression ends with a digit, so the last one ends near the last number: search only there.
      Matcher m = EXPRESSION.matcher(tail).useTransparentBounds(true).useAnchoringBounds(false);
      m.region(Math.max(0, lastNumberEnd - 200), Math.min(tail.length(), lastNumberEnd + 2));
      int[] last = null;
      while (m.find()) {
        last = new int[] {m.start(), m.end()};
      }
      if (last != null) {
        // The pattern bounds its length: an expression that goes on to the left is read whole, or not at all.
        int start = last[0];
        while (start > 0 && EXPRESSION_CHARS.indexOf(tail.charAt(start - 1)) >= 0) {
          start--;
        }
        while (start < last[0] && !startsExpression(tail.charAt(start))) {
          start++;
        }
        int end = last[1];
        while (end < tail.length() && EXPRESSION_CHARS.indexOf(tail.charAt(end)) >= 0) {
          end++;
        }
        while (end > last[1] && !endsExpression(tail.charAt(end - 1))) {
          end--;
        }
        last[1] = end;
        if (start == 0 && offset > 0 && EXPRESSION_CHARS.indexOf(t.charAt(offset - 1)) >= 0
            || last[1] - start > MathParser.MAX_LENGTH) {
          out.add(Candidate.overLimit(300, offset + start, offset + last[1], MatchType.EXPR));
        } else {
          out.add(new Candidate(tail.substring(start, last[1]), 300, offset + start, offset + last[1],
              MatchType.EXPR));
        }
      }
    }
  }

  private static void anchoredValue(String tail, String lower, int[] anchor, int offset, List<Candidate> out) {
    int from = anchor[1];
    int to = Math.min(tail.length(), from + 160);
    String window = tail.substring(from, to);
    List<int[]> values = values(window);
    if (values.isEmpty()) {
      return;
    }
    if (anchor[2] == 1) {
      // "final answer is X. I hope" (0), or "final answer ... is X" (50).
      String head = lower.substring(from, to);
      for (int[] v : values) {
        String before = head.substring(0, v[0]);
        if (v[0] <= 110 && Anchors.IS_BEFORE.matcher(before).matches()) {
          boolean strict = Anchors.STRICT_IS_BEFORE.matcher(before).matches()
              && Anchors.I_HOPE_AFTER.matcher(head.substring(v[1], Math.min(head.length(), v[1] + 10))).find();
          out.add(anchored(tail, from, window, v, strict ? 0 : 50, offset));
          return;
        }
      }
      return;
    }
    int priority = window.startsWith(":") ? 100 : 200;
    // After the last '=' within 100 characters, else the first value within 50.
    int eq = window.lastIndexOf('=', Math.min(window.length() - 1, 100));
    for (int[] v : values) {
      if (eq >= 0 && v[0] > eq && window.substring(eq + 1, v[0]).isBlank() && !followedByEquals(window, v[1])) {
        out.add(anchored(tail, from, window, v, priority, offset));
        return;
      }
    }
    for (int[] v : values) {
      if (v[0] <= 50 && !followedByEquals(window, v[1])) {
        out.add(anchored(tail, from, window, v, priority, offset));
        return;
      }
    }
  }

  private static boolean endsExpression(char c) {
    return c >= '0' && c <= '9' || c == ')';
  }

  private static boolean startsExpression(char c) {
    return c >= '0' && c <= '9' || c == '(' || c == '-';
  }

  /** A digit run too long to be read as a number is over the limit, never read in part. */
  private static void longLastNumber(String t, List<Candidate> out) {
    int end = t.length();
    while (end > 0 && !Character.isDigit(t.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && (Character.isDigit(t.charAt(start - 1)) || t.charAt(start - 1) == '.'
        || t.charAt(start - 1) == ',')) {
      start--;
    }
    if (end - start > Rational.MAX_DIGITS) {
      out.add(Candidate.overLimit(300, start, end, MatchType.EXPR));
    }
  }

  /** The candidate for a value bound by an anchor; over the limit when the value runs on past the window. */
  private static Candidate anchored(String tail, int from, String window, int[] v, int priority, int offset) {
    int at = from + v[1];
    if (v[1] == window.length() && at < tail.length() && Character.isDigit(tail.charAt(at))) {
      return Candidate.overLimit(priority, offset + from + v[0], offset + at, MatchType.EXPR);
    }
    return new Candidate(number(window, v), priority, offset + from + v[0], offset + at, MatchType.EXPR);
  }

  private static boolean followedByEquals(String s, int at) {
    int i = at;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '=';
  }

  /** @return values (expressions, else numbers) in a short window as {start, end, isNumber}, by start */
  private static List<int[]> values(String window) {
    List<int[]> found = new ArrayList<>();
    Matcher e = EXPRESSION.matcher(window);
    while (e.find()) {
      found.add(new int[] {e.start(), e.end(), 0});
    }
    Matcher n = NUMBER.matcher(window);
    while (n.find()) {
      boolean inside = false;
      for (int[] f : found) {
        if (f[2] == 0 && n.start() >= f[0] && n.end() <= f[1]) {
          inside = true;
        }
      }
      if (!inside) {
        found.add(new int[] {n.start(), n.end(), 1});
      }
    }
    found.sort(Comparator.comparingInt(v -> v[0]));
    return found;
  }

  private static String number(String window, int[] v) {
    String s = window.substring(v[0], v[1]);
    return v[2] == 1 ? TextNormalizer.number(s) : s;
  }

  /**
   * Adds the last two numbers, found from the end: each digit run is tried once where the number it belongs to
   * starts, so the cost is linear in what lies after the second-last number.
   *
   * @return the end of the last digit in the tail, or -1 when it has none
   */
  private static int lastNumbers(String whole, String t, int offset, List<Candidate> out) {
    int lastDigit = t.length() - 1;
    while (lastDigit >= 0 && !Character.isDigit(t.charAt(lastDigit))) {
      lastDigit--;
    }
    if (lastDigit < 0) {
      return -1;
    }
    Matcher m = NUMBER.matcher(t).useTransparentBounds(true).useAnchoringBounds(false);
    List<int[]> found = new ArrayList<>();
    int i = lastDigit;
    while (i >= 0 && found.size() < 2) {
      if (!Character.isDigit(t.charAt(i))) {
        i--;
        continue;
      }
      // The start of this run of number characters (digits, separators, sign, point).
      int start = i;
      while (start > 0 && isNumberChar(t.charAt(start - 1))) {
        start--;
      }
      // The numbers in this run, in order, as a forward scan finds them.
      List<int[]> inRun = new ArrayList<>();
      // A run longer than any number is over the limit anyway (longLastNumber): read only its end.
      for (int s = Math.max(start, i - 2 * Rational.MAX_DIGITS); s <= i; ) {
        m.region(s, t.length());
        if (m.lookingAt() && m.end() > s) {
          inRun.add(new int[] {s, m.end()});
          s = m.end();
        } else {
          s++;
        }
      }
      for (int k = inRun.size() - 1; k >= 0 && found.size() < 2; k--) {
        found.add(0, inRun.get(k));
      }
      i = start - 1;
    }
    for (int[] f : found) {
      String s = t.substring(f[0], f[1]);
      boolean cut = f[0] == 0 && offset > 0 && Character.isDigit(whole.charAt(offset - 1));
      out.add(cut ? Candidate.overLimit(300, offset + f[0], offset + f[1], MatchType.EXPR)
          : new Candidate(TextNormalizer.number(s), 300, offset + f[0], offset + f[1], MatchType.EXPR));
    }
    return lastDigit + 1;
  }

  private static boolean isNumberChar(char c) {
    return c >= '0' && c <= '9' || c == '.' || c == ',' || c == '-' || c == ' ';
  }
}
