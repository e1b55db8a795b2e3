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
 * Finds candidate answers in free text, best first: by priority (boxed and "final answer is" first, then
 * "answer is" phrasings, then any math or number), and within a priority the one that ends last. Linear in the
 * text length; texts longer than {@link #MAX_TEXT} characters are cut to their last {@link #MAX_TEXT}.
 */
final class Candidates {
  /** Longest text scanned, in characters (the end of a longer text is kept: answers come last). */
  static final int MAX_TEXT = 200_000;
  private static final int MAX_CANDIDATES = 12;
  /** Only the last this-many boxes and math environments are considered: answers come last. */
  private static final int MAX_SPANS = 200;
  /** Phrases, math environments and numbers are searched in the last this-many characters only. */
  static final int MAX_TAIL = 30_000;
  private static final Pattern WORD = Pattern.compile("(?<!\\\\)\\b[A-Za-z]{3,}\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** A candidate answer. */
  record Candidate(String text, int priority, int position, MatchType type) {}

  // Phrases are located with indexOf on an ASCII-lower-cased copy (fast), then checked with a small anchored
  // pattern: a case-insensitive regex scan over long texts dominated the run time.
  private static final Pattern FINAL_ANSWER = Pattern.compile(
      "final\\s+answer\\s*(?:is|:|=)?\\s*(?:the\\s+final\\s+answer\\s+is)?\\s*:?");
  private static final String[] ANSWER_WORDS = {"answer", "réponse", "reponse", "respuesta", "antwort", "risposta",
      "resposta", "ответ", "答案", "الإجابة", "الجواب", "उत्तर"};
  private static final String[] LETTER_WORDS = {"answer", "réponse", "reponse", "respuesta", "antwort", "risposta",
      "resposta", "ответ", "答案", "الإجابة", "الجواب", "उत्तर", "option", "choice"};
  private static final Pattern ANSWER_SUFFIX = Pattern.compile("\\s*(?:is|est|es|ist|è|é|是|هي|है|:|：|=)?\\s*:?");
  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\w.,])-?(?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?: \\d{3})+(?![\\d,.])|\\d+)(?:[.,]\\d+)?(?![\\d])"
          + "|(?<![\\w.])-?\\.\\d+");
  private static final Pattern MATH_SPAN = Pattern.compile("\\$[^$]*\\$|\\\\\\(.*?\\\\\\)");
  private static final Pattern THOUSANDS = Pattern.compile("-?[1-9]\\d{0,2}(?:,\\d{3})+");
  private static final Pattern SEPARATOR_NOISE = Pattern.compile(
      "\\\\[()\\[\\]]|\\$|\\\\q?quad|\\\\[,;:! ]|\\\\text\\s*\\{\\s*(and|or)\\s*\\}|\\\\\\\\|[{}~]");
  private static final Set<String> CONNECTORS = Set.of("and", "or", ",", ";", "&", "et", "und", "y", "和", "或");

  private Candidates() {}

  static String clip(String text) {
    String t = text.length() > MAX_TEXT ? text.substring(text.length() - MAX_TEXT) : text;
    // Answers copied from JSON sometimes keep a doubled backslash: \\boxed{...}.
    return t.replace("\\\\boxed", "\\boxed").replace("\\\\fbox", "\\fbox");
  }

  /**
   * @param text free text
   * @param types what to look for
   * @return candidates, best first
   */
  static List<Candidate> find(String text, Set<MatchType> types) {
    String t = clip(text);
    List<Candidate> out = new ArrayList<>();
    if (types.contains(MatchType.LATEX)) {
      latex(t, out);
    }
    if (types.contains(MatchType.EXPR)) {
      expr(t, out);
    }
    out.sort(Comparator.comparingInt(Candidate::priority).thenComparing(Comparator.comparingInt(Candidate::position)
        .reversed()));
    return out.size() > MAX_CANDIDATES ? List.copyOf(out.subList(0, MAX_CANDIDATES)) : out;
  }

  // ------------------------------------------------------------------ LaTeX

  private static void latex(String t, List<Candidate> out) {
    int[] close = matchBraces(t);
    // \boxed{...} and \fbox{...}; neighbouring boxes joined by "and" or a comma form one list answer.
    List<int[]> boxes = new ArrayList<>();
    List<Integer> starts = boxStarts(t);
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
      boxes.add(new int[] {b, open, close[open]});
      from = close[open] + 1;
    }
    List<List<int[]>> groups = new ArrayList<>();
    for (int[] box : boxes) {
      if (!groups.isEmpty()) {
        List<int[]> g = groups.get(groups.size() - 1);
        int[] prev = g.get(g.size() - 1);
        if (box[0] - prev[2] <= 120 && joinable(t.substring(prev[2] + 1, box[0]), true)) {
          g.add(box);
          continue;
        }
      }
      groups.add(new ArrayList<>(List.of(box)));
    }
    // Latest groups first; only as many as can be used, and none too long to parse.
    for (int gi = groups.size() - 1; gi >= 0 && gi >= groups.size() - MAX_CANDIDATES; gi--) {
      List<int[]> g = groups.get(gi);
      int[] lastBox = g.get(g.size() - 1);
      if (g.size() > 1) {
        String joined = join(t, g, 1, 2);
        if (joined != null) {
          out.add(new Candidate(joined, 0, lastBox[2] + 1, MatchType.LATEX));
        }
      }
      if (lastBox[2] - lastBox[1] <= MathParser.MAX_LENGTH) {
        out.add(new Candidate(t.substring(lastBox[1] + 1, lastBox[2]), 0, lastBox[2], MatchType.LATEX));
      }
    }
    // Math environments: $$..$$, \[..\], $..$, \(..\), in the text's tail.
    int offset = Math.max(0, t.length() - MAX_TAIL);
    t = t.substring(offset);
    List<int[]> envs = mathEnvironments(t);
    if (envs.size() > MAX_SPANS) {
      envs = envs.subList(envs.size() - MAX_SPANS, envs.size());
    }
    List<List<int[]>> envGroups = new ArrayList<>();
    for (int[] env : envs) {
      if (!envGroups.isEmpty()) {
        List<int[]> g = envGroups.get(envGroups.size() - 1);
        int[] prev = g.get(g.size() - 1);
        if (prev[3] <= env[0] && env[0] - prev[3] <= 120 && joinable(t.substring(prev[3], env[0]), false)) {
          g.add(env);
          continue;
        }
      }
      envGroups.add(new ArrayList<>(List.of(env)));
    }
    List<Integer> finalAnswerEnds = finalAnswerEnds(asciiLower(t), 50);
    for (int gi = envGroups.size() - 1; gi >= 0 && gi >= envGroups.size() - MAX_CANDIDATES; gi--) {
      List<int[]> g = envGroups.get(gi);
      int[] last = g.get(g.size() - 1);
      int[] first = g.get(0);
      boolean afterFinal = false;
      for (int end : finalAnswerEnds) {
        if (first[0] >= end && first[0] - end <= 3) {
          afterFinal = true;
        }
      }
      int priority = afterFinal ? 0 : 2;
      if (g.size() > 1) {
        String joined = join(t, g, 0, 2);
        if (joined != null) {
          out.add(new Candidate(joined, priority, offset + last[3] + 1, MatchType.LATEX));
        }
      }
      if (last[2] - last[1] <= MathParser.MAX_LENGTH) {
        out.add(new Candidate(t.substring(last[1], last[2]), priority, offset + last[3], MatchType.LATEX));
      }
    }
  }

  /** @return the spans' contents joined with commas, or null when too long to parse */
  private static String join(String t, List<int[]> spans, int startShift, int endIndex) {
    StringBuilder sb = new StringBuilder();
    for (int[] span : spans) {
      int from = span[endIndex - 1] + startShift;
      int to = span[endIndex];
      if (sb.length() + (to - from) + 2 > MathParser.MAX_LENGTH) {
        return null;
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(t, from, to);
    }
    return sb.toString();
  }

  /** @return where {@code \boxed} and {@code \fbox} start, ascending, at most the last {@link #MAX_SPANS} */
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

  private static void expr(String text, List<Candidate> out) {
    int offset = Math.max(0, text.length() - MAX_TAIL);
    String t = text.substring(offset);
    String lower = asciiLower(t);
    List<Integer> finals = finalAnswerEnds(lower, 1);
    phrase(t, finals.isEmpty() ? -1 : finals.get(0), 0, offset, out);
    phrase(t, lastPhraseEnd(lower, ANSWER_WORDS, true), 1, offset, out);
    // Numbers always parse, so only the last two matter: search a short window first, the whole tail if needed.
    Matcher m = NUMBER.matcher(t).useTransparentBounds(true).useAnchoringBounds(false);
    List<int[]> found = new ArrayList<>();
    for (int window = 2000; found.size() < 2; window = t.length()) {
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
      out.add(new Candidate(number(t.substring(f[0], f[1])), 2, offset + f[1], MatchType.EXPR));
    }
  }

  /** @return ends of the last {@code max} "final answer (is)" phrases, latest first */
  private static List<Integer> finalAnswerEnds(String lower, int max) {
    List<Integer> ends = new ArrayList<>();
    Matcher m = FINAL_ANSWER.matcher(lower);
    for (int at = lower.lastIndexOf("final"); at >= 0 && ends.size() < max; at = lower.lastIndexOf("final", at - 1)) {
      m.region(at, Math.min(lower.length(), at + 80));
      if (m.lookingAt()) {
        ends.add(m.end());
      }
      if (at == 0) {
        break;
      }
    }
    return ends;
  }

  /** @return the end of the last phrase starting with one of {@code words} (plus "is", ":"...), or -1 */
  private static int lastPhraseEnd(String lower, String[] words, boolean withSuffix) {
    int best = -1;
    int bestEnd = -1;
    for (String w : words) {
      int at = lower.lastIndexOf(w);
      if (at > best) {
        best = at;
        bestEnd = at + w.length();
      }
    }
    if (best < 0 || !withSuffix) {
      return bestEnd;
    }
    Matcher m = ANSWER_SUFFIX.matcher(lower);
    m.region(bestEnd, Math.min(lower.length(), bestEnd + 40));
    return m.lookingAt() ? m.end() : bestEnd;
  }

  /** Lower-cases ASCII letters only, so indices stay aligned with the original. */
  static String asciiLower(String t) {
    char[] c = t.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] = (char) (c[i] + 32);
      }
    }
    return new String(c);
  }

  private static void phrase(String t, int lastEnd, int priority, int offset, List<Candidate> out) {
    if (lastEnd < 0) {
      return;
    }
    int end = Math.min(t.length(), lastEnd + 200);
    String seg = t.substring(lastEnd, end);
    int stop = seg.length();
    for (String s : new String[] {"\n", ". ", "。", "! ", "? "}) {
      int k = seg.indexOf(s);
      if (k >= 0) {
        stop = Math.min(stop, k);
      }
    }
    seg = seg.substring(0, stop).strip();
    while (seg.endsWith(".") || seg.endsWith(",") || seg.endsWith("!")) {
      seg = seg.substring(0, seg.length() - 1).strip();
    }
    if (seg.isEmpty()) {
      return;
    }
    if (!hasProse(seg)) {
      out.add(new Candidate(seg, priority, offset + lastEnd + stop + 1, MatchType.EXPR));
    }
    if (seg.contains("\\boxed")) {
      return;
    }
    Matcher num = NUMBER.matcher(MATH_SPAN.matcher(seg).replaceAll(" "));
    String last = null;
    while (num.find()) {
      last = num.group();
    }
    if (last != null) {
      out.add(new Candidate(number(last), priority, offset + lastEnd + stop, MatchType.EXPR));
    }
  }

  /** Whether the text has words (three or more letters that are not math function names). */
  private static boolean hasProse(String s) {
    Matcher m = WORD.matcher(s);
    while (m.find()) {
      if (!Set.of("sin", "cos", "tan", "sqrt", "log", "exp", "frac", "pi").contains(m.group().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return s.codePoints().anyMatch(c -> c > 0x2e80);
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
    int lastEnd = lastPhraseEnd(asciiLower(t), LETTER_WORDS, false);
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
