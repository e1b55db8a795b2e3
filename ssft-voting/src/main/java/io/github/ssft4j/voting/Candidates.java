package io.github.ssft4j.voting;

import io.github.ssft4j.voting.math.MathParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds candidate answers in free text, best first, with the reference's priorities: "final answer is X. I hope"
 * (0); "final answer ... is X" and {@code \boxed{}} (50); "answer: ... X" (100); "answer ... X" (200); any math
 * environment, fraction, expression or number (300). Within a priority the match that ends last comes first.
 * Neighbouring answers joined by "and", "or" or commas form one list answer. Linear in the text length; texts
 * longer than {@link #MAX_TEXT} characters are cut to their last {@link #MAX_TEXT}.
 */
final class Candidates {
  /** Longest text scanned, in characters (the end of a longer text is kept: answers come last). */
  static final int MAX_TEXT = 200_000;
  private static final int MAX_CANDIDATES = 12;
  /** Only the last this-many boxes and math environments are considered: answers come last. */
  private static final int MAX_SPANS = 200;
  /** Anchors, math environments and numbers are searched in the last this-many characters only. */
  static final int MAX_TAIL = 30_000;
  private static final int MAX_ANCHORS = 32;

  /**
   * A candidate answer.
   *
   * @param text the answer's text
   * @param priority lower is better
   * @param start where it starts in the (clipped) text
   * @param end where it ends
   * @param type what found it
   */
  record Candidate(String text, int priority, int start, int end, MatchType type) {}

  static final String[] ANSWER_WORDS = {"answer", "réponse", "reponse", "respuesta", "antwort", "risposta",
      "resposta", "ответ", "答案", "الإجابة", "الجواب", "उत्तर"};
  private static final Pattern IS_BEFORE = Pattern.compile(".{0,100}?\\s+is:?\\s*", Pattern.DOTALL);
  private static final Pattern STRICT_IS_BEFORE = Pattern.compile("\\s+is:?\\s*");
  private static final Pattern I_HOPE_AFTER = Pattern.compile("^\\.?\\s?i hope");
  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\w.,])-?(?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?: \\d{3})+(?![\\d,.])|\\d+)(?:[.,]\\d+)?(?![\\d])"
          + "|(?<![\\w.])-?\\.\\d+");
  /** A plain expression such as {@code 1/3} or {@code 2^10}: starts with a digit, has an operator. */
  private static final Pattern EXPRESSION = Pattern.compile(
      "(?<=^|[\\s=])-?\\(?-?\\d[\\d.\\s+\\-*×/^()÷]{0,60}?[+\\-*×/^÷][\\d.\\s+\\-*×/^()÷]{0,60}\\d\\)?"
          + "(?=[.,:\\s)$]|$)");
  private static final Pattern PLAIN_FRACTION = Pattern.compile("-?\\\\frac\\{-?\\d+(?:[.,]\\d+)?\\}\\{-?\\d+(?:[.,]\\d+)?\\}");
  private static final Pattern THOUSANDS = Pattern.compile("-?[1-9]\\d{0,2}(?:,\\d{3})+");
  private static final Pattern SEPARATOR_NOISE = Pattern.compile(
      "\\\\[()\\[\\]]|\\$|\\\\q?quad|\\\\[,;:! ]|\\\\text\\s*\\{\\s*(and|or)\\s*\\}|\\\\\\\\|[{}~]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Set<String> CONNECTORS = Set.of("and", "or", ",", ";", "&", "et", "und", "y", "和", "或");

  private Candidates() {}

  static String clip(String text) {
    // The Unicode minus sign is a minus for every pattern below.
    String t = (text.length() > MAX_TEXT ? text.substring(text.length() - MAX_TEXT) : text).replace('\u2212', '-');
    t = asciiDigits(t);
    // Answers copied from JSON sometimes keep a doubled backslash: \\boxed{...}.
    return t.contains("\\\\boxed") || t.contains("\\\\fbox")
        ? t.replace("\\\\boxed", "\\boxed").replace("\\\\fbox", "\\fbox") : t;
  }

  /**
   * @param text free text
   * @param types what to look for
   * @return candidates, best first
   */
  static List<Candidate> find(String text, Set<MatchType> types) {
    String t = clip(text);
    int offset = Math.max(0, t.length() - MAX_TAIL);
    String lower = asciiLower(t.substring(offset));
    List<Candidate> out = new ArrayList<>();
    if (types.contains(MatchType.LATEX)) {
      boxes(t, out);
      environments(t, offset, lower, out);
    }
    if (types.contains(MatchType.EXPR)) {
      expressions(t, offset, lower, out);
    }
    out.sort(Comparator.comparingInt(Candidate::priority).thenComparing(Comparator.comparingInt(Candidate::end)
        .reversed()).thenComparingInt(Candidate::start));
    return out.size() > MAX_CANDIDATES ? List.copyOf(out.subList(0, MAX_CANDIDATES)) : out;
  }

  // ------------------------------------------------------------------ LaTeX

  /** {@code \\boxed{...}} and {@code \\fbox{...}}, priority 50; neighbouring boxes form one list answer. */
  private static void boxes(String t, List<Candidate> out) {
    List<Integer> starts = boxStarts(t);
    if (starts.isEmpty()) {
      return;
    }
    int[] close = matchBraces(t);
    List<int[]> boxes = new ArrayList<>();
    int from = 0;
    for (int b : starts) {
      if (b < from) {
        continue;
      }
      int cmdEnd = b + (t.startsWith("\\boxed", b) ? 6 : 5);
      int open = cmdEnd;
      while (open < t.length() && open - cmdEnd < 8 && Character.isWhitespace(t.charAt(open))) {
        open++;
      }
      if (open >= t.length() || t.charAt(open) != '{' || close[open] < 0) {
        from = cmdEnd;
        continue;
      }
      boxes.add(new int[] {b, open + 1, close[open], close[open] + 1});
      from = close[open] + 1;
    }
    addGroups(t, group(t, boxes, true), 0, out, g -> 50);
  }

  /** Math environments and bare fractions in the tail, prioritised by the anchor before them. */
  private static void environments(String t, int offset, String lower, List<Candidate> out) {
    String tail = t.substring(offset);
    List<int[]> envs = mathEnvironments(tail);
    Matcher f = PLAIN_FRACTION.matcher(tail);
    int e = 0;
    List<int[]> merged = new ArrayList<>();
    while (f.find()) {
      while (e < envs.size() && envs.get(e)[3] <= f.start()) {
        merged.add(envs.get(e++));
      }
      if (e < envs.size() && envs.get(e)[0] < f.end()) {
        continue;
      }
      merged.add(new int[] {f.start(), f.start(), f.end(), f.end()});
    }
    while (e < envs.size()) {
      merged.add(envs.get(e++));
    }
    if (merged.size() > MAX_SPANS) {
      merged = merged.subList(merged.size() - MAX_SPANS, merged.size());
    }
    List<List<int[]>> groups = group(tail, merged, false);
    int[] priorities = anchorPriorities(lower, groups);
    addGroups(tail, groups, offset, out, g -> priorities[g[2]]);
  }

  private interface GroupPriority {
    int of(int[] startEnd);
  }

  private static List<List<int[]>> group(String t, List<int[]> spans, boolean loose) {
    List<List<int[]>> groups = new ArrayList<>();
    for (int[] span : spans) {
      if (!groups.isEmpty()) {
        List<int[]> g = groups.get(groups.size() - 1);
        int[] prev = g.get(g.size() - 1);
        if (prev[3] <= span[0] && span[0] - prev[3] <= 120 && g.size() < 64
            && joinable(t.substring(prev[3], span[0]), loose)) {
          g.add(span);
          continue;
        }
      }
      groups.add(new ArrayList<>(List.of(span)));
    }
    return groups;
  }

  /** Adds the latest groups (joined, and the last span alone), none too long to parse. */
  private static void addGroups(String t, List<List<int[]>> groups, int offset, List<Candidate> out,
      GroupPriority priority) {
    for (int gi = groups.size() - 1; gi >= 0; gi--) {
      List<int[]> g = groups.get(gi);
      int[] first = g.get(0);
      int[] last = g.get(g.size() - 1);
      int p = priority.of(new int[] {first[0], last[3], gi});
      if (p >= 300 && gi < groups.size() - MAX_CANDIDATES) {
        continue;
      }
      if (g.size() > 1) {
        String joined = join(t, g);
        if (joined != null) {
          out.add(new Candidate(joined, p, offset + first[0], offset + last[3], MatchType.LATEX));
        }
      }
      if (last[2] - last[1] <= MathParser.MAX_LENGTH) {
        out.add(new Candidate(t.substring(last[1], last[2]), p, offset + last[0], offset + last[3] - 1,
            MatchType.LATEX));
      }
    }
  }

  /**
   * Binds each anchor to the first answer after it, as a lazy regex scan would: "final answer ... is" to the first
   * group right after an "is" (50; 0 with "I hope" after), an answer word to the first group within 50 characters
   * (100 after "answer:", else 200). Unbound groups get 300.
   */
  private static int[] anchorPriorities(String lower, List<List<int[]>> groups) {
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

  private static int firstAtOrAfter(int[] sorted, int value) {
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

  /** Whether the text between two answers only joins them ("and", a comma, a few words for boxes). */
  static boolean joinable(String between, boolean loose) {
    if (between.length() > 120) {
      return false;
    }
    String s = SPACES.matcher(SEPARATOR_NOISE.matcher(between).replaceAll(" $1 ")).replaceAll(" ").strip();
    if (s.isEmpty()) {
      return !loose;
    }
    if (s.length() > 40) {
      return false;
    }
    String[] words = SPACES.split(s.replace(",", " , ").replace(";", " ; ").strip());
    if (loose) {
      return s.length() <= 12 && words.length <= 3 && (CONNECTORS.contains(words[words.length - 1])
          || CONNECTORS.contains(words[0]));
    }
    for (String w : words) {
      if (!CONNECTORS.contains(w.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** @return the spans' contents joined with commas, or null when too long to parse */
  private static String join(String t, List<int[]> spans) {
    StringBuilder sb = new StringBuilder();
    for (int[] span : spans) {
      if (sb.length() + (span[2] - span[1]) + 2 > MathParser.MAX_LENGTH) {
        return null;
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(t, span[1], span[2]);
    }
    return sb.toString();
  }

  /** @return where {@code \\boxed} and {@code \\fbox} start, ascending, at most the last {@link #MAX_SPANS} */
  private static List<Integer> boxStarts(String t) {
    List<Integer> out = new ArrayList<>();
    for (String cmd : new String[] {"\\boxed", "\\fbox"}) {
      for (int i = t.indexOf(cmd); i >= 0; i = t.indexOf(cmd, i + cmd.length())) {
        out.add(i);
      }
    }
    out.sort(null);
    return out.size() > MAX_SPANS ? out.subList(out.size() - MAX_SPANS, out.size()) : out;
  }

  /** @return for each '{' the index of its '}', else -1; one pass with a stack */
  private static int[] matchBraces(String t) {
    int[] close = new int[t.length()];
    java.util.Arrays.fill(close, -1);
    int[] stack = new int[64];
    int top = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < t.length() && (t.charAt(i + 1) == '{' || t.charAt(i + 1) == '}')) {
        i++;
      } else if (c == '{') {
        if (top == stack.length) {
          stack = java.util.Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = i;
      } else if (c == '}' && top > 0) {
        close[stack[--top]] = i;
      }
    }
    return close;
  }

  /** @return {start, contentStart, contentEnd, end} of each math environment, in order */
  private static List<int[]> mathEnvironments(String t) {
    List<int[]> envs = new ArrayList<>();
    int i = 0;
    int n = t.length();
    // Next newline and next closer at or after each index, so that unclosed openers cost O(1) each.
    Next nextNewline = new Next(t, "\n");
    Next nextDisplay = new Next(t, "\\]");
    Next nextInline = new Next(t, "\\)");
    Next nextDouble = new Next(t, "$$");
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char d = t.charAt(i + 1);
        if (d == '$') {
          i += 2;
          continue;
        }
        if (d == '[' || d == '(') {
          int end = (d == '[' ? nextDisplay : nextInline).from(i + 2);
          int nl = nextNewline.from(i + 2);
          if (end >= 0 && (d == '[' || nl < 0 || nl > end)) {
            envs.add(new int[] {i, i + 2, end, end + 2});
            i = end + 2;
            continue;
          }
        }
        i += 2;
        continue;
      }
      if (c == '$') {
        boolean display = i + 1 < n && t.charAt(i + 1) == '$';
        if (!display && i > 0 && Character.isDigit(t.charAt(i - 1))) {
          // "costs 5$": a currency sign, not an opening delimiter.
          i++;
          continue;
        }
        int start = i + (display ? 2 : 1);
        int end = display ? nextDouble.from(start) : nextDollar(t, start);
        int nl = nextNewline.from(start);
        if (end >= 0 && (display || nl < 0 || nl > end)) {
          envs.add(new int[] {i, start, end, end + (display ? 2 : 1)});
          i = end + (display ? 2 : 1);
          continue;
        }
        i = start;
        continue;
      }
      i++;
    }
    return envs;
  }

  /** The next occurrence of a needle for non-decreasing query positions: amortised linear in the text. */
  private static final class Next {
    private final String text;
    private final String needle;
    private int found = -2;

    Next(String text, String needle) {
      this.text = text;
      this.needle = needle;
    }

    int from(int i) {
      if (found == -2 || found != -1 && found < i) {
        found = text.indexOf(needle, i);
      }
      return found;
    }
  }

  private static int nextDollar(String t, int from) {
    int i = from;
    while (true) {
      int d = t.indexOf('$', i);
      if (d <= 0 || t.charAt(d - 1) != '\\') {
        return d;
      }
      i = d + 1;
    }
  }

  // ------------------------------------------------------------------ plain expressions

  /** Numbers and plain expressions: anchored by "final answer" or "answer" words, then the last ones. */
  private static void expressions(String t, int offset, String lower, List<Candidate> out) {
    String tail = t.substring(offset);
    // Anchored values: the first value within 50 characters after the anchor, or the value after the last '='
    // within 100 characters.
    List<int[]> anchors = new ArrayList<>();
    for (int at = lower.lastIndexOf("final answer"); at >= 0 && anchors.size() < MAX_ANCHORS;
        at = at == 0 ? -1 : lower.lastIndexOf("final answer", at - 1)) {
      anchors.add(new int[] {at, at + 12, 1});
    }
    for (String w : ANSWER_WORDS) {
      int count = 0;
      for (int at = lower.lastIndexOf(w); at >= 0 && count < MAX_ANCHORS;
          at = at == 0 ? -1 : lower.lastIndexOf(w, at - 1)) {
        anchors.add(new int[] {at, at + w.length(), 0});
        count++;
      }
    }
    for (int[] a : anchors) {
      anchoredValue(tail, lower, a, offset, out);
    }
    // Unanchored: the last numbers and expressions (values always parse, so two of each suffice).
    int lastNumberEnd = lastMatches(tail, NUMBER, offset, true, out);
    if (lastNumberEnd >= 0) {
      // An expression ends with a digit, so the last one ends near the last number: search only there.
      Matcher m = EXPRESSION.matcher(tail).useTransparentBounds(true).useAnchoringBounds(false);
      m.region(Math.max(0, lastNumberEnd - 140), Math.min(tail.length(), lastNumberEnd + 2));
      int[] last = null;
      while (m.find()) {
        last = new int[] {m.start(), m.end()};
      }
      if (last != null) {
        out.add(new Candidate(tail.substring(last[0], last[1]), 300, offset + last[0], offset + last[1],
            MatchType.EXPR));
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
        if (v[0] <= 110 && IS_BEFORE.matcher(before).matches()) {
          boolean strict = STRICT_IS_BEFORE.matcher(before).matches()
              && I_HOPE_AFTER.matcher(head.substring(v[1], Math.min(head.length(), v[1] + 10))).find();
          out.add(new Candidate(number(window, v), strict ? 0 : 50, offset + from + v[0], offset + from + v[1],
              MatchType.EXPR));
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
        out.add(new Candidate(number(window, v), priority, offset + from + v[0], offset + from + v[1],
            MatchType.EXPR));
        return;
      }
    }
    for (int[] v : values) {
      if (v[0] <= 50 && !followedByEquals(window, v[1])) {
        out.add(new Candidate(number(window, v), priority, offset + from + v[0], offset + from + v[1],
            MatchType.EXPR));
        return;
      }
    }
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
    return v[2] == 1 ? number(s) : s;
  }

  /**
   * Adds the last two matches of a pattern, searching a short window first and the whole tail if needed.
   *
   * @return the end of the last match, or -1
   */
  private static int lastMatches(String t, Pattern p, int offset, boolean isNumber, List<Candidate> out) {
    int lastDigit = t.length() - 1;
    while (lastDigit >= 0 && !Character.isDigit(t.charAt(lastDigit))) {
      lastDigit--;
    }
    if (lastDigit < 0) {
      return -1;
    }
    Matcher m = p.matcher(t).useTransparentBounds(true).useAnchoringBounds(false);
    List<int[]> found = new ArrayList<>();
    for (int window = t.length() - lastDigit + 400; found.isEmpty(); window = t.length()) {
      found.clear();
      m.region(Math.max(0, t.length() - window), t.length());
      while (m.find()) {
        found.add(new int[] {m.start(), m.end()});
        if (found.size() > 2) {
          found.remove(0);
        }
      }
      if (window >= t.length()) {
        break;
      }
    }
    for (int[] f : found) {
      String s = t.substring(f[0], f[1]);
      out.add(new Candidate(isNumber ? number(s) : s, 300, offset + f[0], offset + f[1], MatchType.EXPR));
    }
    return found.isEmpty() ? -1 : found.get(found.size() - 1)[1];
  }

  /** Replaces non-ASCII decimal digits (Arabic-Indic, Devanagari, full-width) by ASCII ones, keeping indices. */
  static String asciiDigits(String t) {
    char[] c = null;
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch > 127 && Character.isDigit(ch)) {
        if (c == null) {
          c = t.toCharArray();
        }
        c[i] = (char) ('0' + Character.digit(ch, 10));
      }
    }
    return c == null ? t : new String(c);
  }

  /** Lower-cases char by char, so indices stay aligned with the original ("Ответ" becomes "ответ"). */
  static String asciiLower(String t) {
    char[] c = t.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char ch = c[i];
      if (ch >= 'A' && ch <= 'Z') {
        c[i] = (char) (ch + 32);
      } else if (ch > 127 && Character.isUpperCase(ch)) {
        c[i] = Character.toLowerCase(ch);
      }
    }
    return new String(c);
  }

  /** @return a number as digits with a decimal point: "1,000.5" is 1000.5, "2,74" is 2.74, "1 000" is 1000 */
  static String number(String raw) {
    String s = raw.replace(" ", "");
    if (s.contains(",") && s.contains(".")) {
      return s.replace(",", "");
    }
    if (s.contains(",")) {
      if (THOUSANDS.matcher(s).matches()) {
        return s.replace(",", "");
      }
      return s.indexOf(',') == s.lastIndexOf(',') ? s.replace(',', '.') : s.replace(",", "");
    }
    return s;
  }

  // ------------------------------------------------------------------ letters


  /**
   * @param text free text
   * @param maxLetter the last allowed choice letter
   * @return the chosen letter, or {@code null}
   */
  static String letter(String text, char maxLetter) {
    String t = clip(text);
    // 1. A letter shortly after an "answer" word (the last such phrase).
    int lastEnd = lastWordEnd(asciiLower(t), LETTER_WORDS);
    if (lastEnd >= 0) {
      String l = firstStandalone(t, lastEnd, Math.min(t.length(), lastEnd + 40), maxLetter);
      if (l != null) {
        return l;
      }
    }
    // 2. The text starts with the letter: "C", "(B) ...", "B. ...", "B不是 A".
    int i = 0;
    while (i < t.length() && (Character.isWhitespace(t.charAt(i)) || t.charAt(i) == '(' || t.charAt(i) == '*')) {
      i++;
    }
    if (i < t.length() && isChoice(t.charAt(i), maxLetter) && (i + 1 >= t.length() || !isAsciiLetter(t.charAt(i + 1)))) {
      return String.valueOf(t.charAt(i));
    }
    // 3. "(C)" anywhere, then any standalone capital letter: the last one.
    String paren = null;
    for (int k = t.indexOf('('); k >= 0 && k + 2 < t.length(); k = t.indexOf('(', k + 1)) {
      if (isChoice(t.charAt(k + 1), maxLetter) && t.charAt(k + 2) == ')') {
        paren = String.valueOf(t.charAt(k + 1));
      }
    }
    if (paren != null) {
      return paren;
    }
    String last = null;
    for (int k = 0; k < t.length(); k++) {
      if (standalone(t, k, maxLetter)) {
        last = String.valueOf(t.charAt(k));
      }
    }
    return last;
  }

  private static final String[] LETTER_WORDS = {"answer", "réponse", "reponse", "respuesta", "antwort", "risposta",
      "resposta", "ответ", "答案", "الإجابة", "الجواب", "उत्तर", "option", "choice"};

  /** @return the end of the last occurrence of any of {@code words}, or -1 */
  private static int lastWordEnd(String lower, String[] words) {
    int best = -1;
    int bestEnd = -1;
    for (String w : words) {
      int at = lower.lastIndexOf(w);
      // A whole word: "choices" is not the anchor "choice".
      while (at >= 0 && at + w.length() < lower.length() && isAsciiLetter(lower.charAt(at + w.length()))) {
        at = at == 0 ? -1 : lower.lastIndexOf(w, at - 1);
      }
      if (at > best) {
        best = at;
        bestEnd = at + w.length();
      }
    }
    return bestEnd;
  }

  private static String firstStandalone(String t, int from, int to, char maxLetter) {
    for (int k = from; k < to; k++) {
      if (standalone(t, k, maxLetter)) {
        return String.valueOf(t.charAt(k));
      }
    }
    return null;
  }

  private static boolean standalone(String t, int k, char maxLetter) {
    return isChoice(t.charAt(k), maxLetter) && (k == 0 || !isAsciiLetter(t.charAt(k - 1)) && t.charAt(k - 1) != '\'')
        && (k + 1 >= t.length() || !isAsciiLetter(t.charAt(k + 1)) && t.charAt(k + 1) != '\'');
  }

  private static boolean isChoice(char c, char maxLetter) {
    return c >= 'A' && c <= maxLetter;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
