package io.github.ssft4j.voting.internal.extract;

import io.github.ssft4j.voting.MatchType;
import io.github.ssft4j.voting.internal.math.MathParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LaTeX answers in text: {@code \boxed{}} and {@code \fbox{}} (priority 50), and math environments
 * ({@code $..$}, {@code $$..$$}, {@code \(..\)}, {@code \[..\]}) and bare {@code \frac{1}{2}} with the priority
 * of the anchor before them. Neighbouring spans joined by "and", "or" or commas also form one list answer. One
 * pass over the text with a brace stack, so linear in its length.
 */
final class LatexSpans {
  /** Only the last this-many boxes and math environments are considered: answers come last. */
  private static final int MAX_SPANS = 200;
  private static final int MAX_GROUPS = 12;
  /** A fraction of two numbers outside math delimiters; not one that is part of a larger formula. */
  private static final Pattern PLAIN_FRACTION = Pattern.compile(
      "(?<![{^_\\w]|[+\\-*/=^{]\\s|[+*/=^{]\\s\\s)-?\\\\frac\\{-?\\d+(?:[.,]\\d+)?\\}\\{-?\\d+(?:[.,]\\d+)?\\}"
          + "(?!\\s*[+\\-*/^}])");
  private static final Pattern SEPARATOR_NOISE = Pattern.compile(
      "\\\\[()\\[\\]]|\\$|\\\\q?quad|\\\\[,;:! ]|\\\\text\\s*\\{\\s*(and|or)\\s*\\}|\\\\\\\\|[{}~]");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern PERCENT_AFTER = Pattern.compile(
      "\\s*(?:\\\\?%|[Pp]ercentage|[Pp]ercent|[Pp]ct)(?![A-Za-z])");
  private static final Set<String> CONNECTORS = Set.of("and", "or", ",", ";", "&", "et", "und", "y", "和", "或");

  private LatexSpans() {}

  /** {@code \\boxed{...}} and {@code \\fbox{...}}, priority 50; neighbouring boxes form one list answer. */
  static void boxes(String t, List<Candidate> out) {
    List<Integer> starts = boxStarts(t);
    if (starts.isEmpty()) {
      return;
    }
    int[] close = matchBraces(t);
    List<int[]> boxes = new ArrayList<>();
    int from = 0;
    for (int b : starts) {
      if (b < from) {
        // Inside the previous box: part of its answer.
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
    if (!boxes.isEmpty()) {
      sameEnvironment(t, boxes, mathEnvironments(t));
    }
    addSpans(t, boxes, true, 0, out, null);
  }

  /**
   * Math environments and bare fractions ending in the tail, prioritised by the anchor before them. Environments
   * are paired over the whole text, so that one opened before the tail is not read from its middle.
   */
  static void environments(String t, int offset, String lower, List<Candidate> out) {
    String tail = t.substring(offset);
    List<int[]> envs = new ArrayList<>();
    for (int[] env : mathEnvironments(t)) {
      if (env[0] >= offset) {
        envs.add(new int[] {env[0] - offset, env[1] - offset, env[2] - offset, env[3] - offset, -1,
            percentAfter(t, env[3]) ? 1 : 0});
      } else if (env[3] > offset) {
        out.add(Candidate.overLimit(300, env[0], env[3], MatchType.LATEX));
      }
    }
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
    addSpans(tail, merged, false, offset, out, lower);
  }

  /**
   * Groups the last {@link #MAX_SPANS} spans into lists and adds the latest groups (joined, and the last span
   * alone). A group that continues before the spans kept, or too long to parse, is added as over the limit.
   *
   * @param lower the lower-cased text for anchors, or {@code null} for boxes (priority 50)
   */
  private static void addSpans(String t, List<int[]> spans, boolean loose, int offset, List<Candidate> out,
      String lower) {
    int cut = Math.max(0, spans.size() - MAX_SPANS);
    List<List<int[]>> groups = group(t, spans.subList(cut, spans.size()), loose);
    boolean firstGroupCut = cut > 0 && adjacent(t, spans.get(cut - 1), spans.get(cut), loose);
    int[] priorities = lower == null ? null : Anchors.anchorPriorities(lower, groups);
    for (int gi = groups.size() - 1; gi >= 0; gi--) {
      List<int[]> g = groups.get(gi);
      int[] first = g.get(0);
      int[] last = g.get(g.size() - 1);
      int p = priorities == null ? 50 : priorities[gi];
      if (p >= 300 && gi < groups.size() - MAX_GROUPS) {
        continue;
      }
      if (g.size() > 1 || gi == 0 && firstGroupCut) {
        String joined = gi == 0 && firstGroupCut ? null : join(t, g);
        out.add(joined == null ? Candidate.overLimit(p, offset + first[0], offset + last[3], MatchType.LATEX)
            : new Candidate(joined, p, offset + first[0], offset + last[3], MatchType.LATEX));
      }
      out.add(last[2] - last[1] > MathParser.MAX_LENGTH
          ? Candidate.overLimit(p, offset + last[0], offset + last[3] - 1, MatchType.LATEX)
          : new Candidate(t.substring(last[1], last[2]) + (last.length > 5 && last[5] == 1 ? "\\%" : ""), p,
              offset + last[0], offset + last[3] - 1, MatchType.LATEX));
    }
  }

  private static List<List<int[]>> group(String t, List<int[]> spans, boolean loose) {
    List<List<int[]>> groups = new ArrayList<>();
    for (int[] span : spans) {
      if (!groups.isEmpty()) {
        List<int[]> g = groups.get(groups.size() - 1);
        if (adjacent(t, g.get(g.size() - 1), span, loose)) {
          g.add(span);
          continue;
        }
      }
      groups.add(new ArrayList<>(List.of(span)));
    }
    return groups;
  }

  private static boolean adjacent(String t, int[] prev, int[] span, boolean loose) {
    if (prev.length > 4 && span.length > 4 && prev[4] == span[4] && prev[4] >= 0) {
      // Boxes in one math environment are one answer whatever stands between them (the reference reads all the
      // boxes of an environment, joined).
      return true;
    }
    return prev[3] <= span[0] && span[0] - prev[3] <= 120 && joinable(t.substring(prev[3], span[0]), loose);
  }

  /**
   * Tags each box with the math environment holding it, and whether a percent sign or word follows that
   * environment ({@code $\\boxed{28}$ pct} is 28%): {start, contentStart, contentEnd, end, env, percent}.
   */
  private static void sameEnvironment(String t, List<int[]> boxes, List<int[]> envs) {
    int e = 0;
    for (int i = 0; i < boxes.size(); i++) {
      int[] b = boxes.get(i);
      while (e < envs.size() && envs.get(e)[2] < b[3]) {
        e++;
      }
      if (e < envs.size() && envs.get(e)[1] <= b[0]) {
        boxes.set(i, new int[] {b[0], b[1], b[2], b[3], e, percentAfter(t, envs.get(e)[3]) ? 1 : 0});
      }
    }
  }

  /** Whether a percent sign or word follows {@code at}, as the reference's percent group after a formula. */
  private static boolean percentAfter(String t, int at) {
    return PERCENT_AFTER.matcher(t).region(at, t.length()).lookingAt();
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

  /** @return where {@code \\boxed} and {@code \\fbox} start, ascending */
  private static List<Integer> boxStarts(String t) {
    List<Integer> out = new ArrayList<>();
    for (String cmd : new String[] {"\\boxed", "\\fbox"}) {
      for (int i = t.indexOf(cmd); i >= 0; i = t.indexOf(cmd, i + cmd.length())) {
        out.add(i);
      }
    }
    out.sort(null);
    return out;
  }

  /** @return for each '{' the index of its '}', else -1; one pass with a stack */
  private static int[] matchBraces(String t) {
    int[] close = new int[t.length()];
    Arrays.fill(close, -1);
    int[] stack = new int[64];
    int top = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < t.length() && (t.charAt(i + 1) == '{' || t.charAt(i + 1) == '}')) {
        i++;
      } else if (c == '{') {
        if (top == stack.length) {
          stack = Arrays.copyOf(stack, top * 2);
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
}
