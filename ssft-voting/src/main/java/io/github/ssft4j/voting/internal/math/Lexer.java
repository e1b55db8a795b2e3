package io.github.ssft4j.voting.internal.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits normalised LaTeX or plain math into tokens. Package-private: {@link MathParser} is the entry point. */
final class Lexer {
  /** Token types. */
  enum Type { NUM, ID, WORD, CMD, OP, TEXT, ENV, END }

  /** A token; {@code text} is the digits, letter, word, command name, operator, text content or env body. */
  record Token(Type type, String text, String env) {
    boolean is(Type t, String s) {
      return type == t && text.equals(s);
    }

    boolean isOp(String s) {
      return type == Type.OP && text.equals(s);
    }
  }

  static final Set<String> WORDS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
      "sinh", "cosh", "tanh", "ln", "log", "exp", "sqrt", "pi", "infty", "infinity", "oo", "and", "or", "pct",
      "percent", "abs");
  private static final Set<String> TEXT_CMDS = Set.of("text", "textbf", "textit", "texttt", "mbox", "textnormal",
      "mathrm", "textrm", "operatorname", "textsf", "mathit", "hbox", "textup");
  private static final Set<String> NAME_CMDS = Set.of("mathbf", "mathbb", "vec", "overline", "bar", "hat",
      "mathcal", "boldsymbol", "bm", "widehat", "overrightarrow", "tilde", "underline", "mathsf", "mathfrak");

  private static final Pattern SPACING = Pattern.compile(
      "\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\\.?|\\\\displaystyle"
          + "|\\\\limits|(?<!\\\\)\\\\[,;:! ]|\\\\q?quad|~|\\\\hline|\\\\middle");
  private static final Pattern DOUBLE_BACKSLASH_CMD = Pattern.compile("\\\\\\\\(?=[a-zA-Z]{2,})");
  private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|\\\\circ|°|\\\\degree");
  private static final Pattern SPACED_COMMA_GROUP = Pattern.compile("(\\d)\\s*\\{\\s*,\\s*\\}\\s*(\\d)");
  private static final Pattern THOUSANDS_BANG = Pattern.compile("(\\d),\\s*\\\\!\\s*(?=\\d{3}(?!\\d))");
  private static final Pattern THOUSANDS_MULTI = Pattern.compile("(?<![\\d.])[1-9]\\d{0,2}(?:,\\d{3}){2,}(?![\\d])");
  private static final Pattern THOUSANDS_ONLY = Pattern.compile("\\s*-?[1-9]\\d{0,2},\\d{3}(?:\\.\\d+)?\\s*");
  /** Unit words after a quantity ({@code 5 cm}, {@code 3 hours}); single letters stay, they may be variables. */
  private static final Pattern UNIT_WORD = Pattern.compile("([\\d}])\\s*(?:cm|mm|km|kg|mg|ml|sec|seconds?|minutes?"
      + "|mins?|hours?|hrs?|days?|weeks?|months?|years?|inch(?:es)?|feet|foot|ft|yards?|miles?|mph|kph|dollars?"
      + "|cents?|units?|degrees?|meters?|metres?|liters?|litres?|grams?|pounds?|lbs?|ounces?|oz|people|students"
      + "|square|sq|cubic)(?![a-zA-Z])(?:\\s*\\^\\s*\\{?\\d\\}?)?");
  private static final Pattern PERCENT_WORD = Pattern.compile("(?<![a-zA-Z])(?:pct|percentage|percent)(?![a-zA-Z])");

  /** A repeating block after a decimal: {@code \\overline{36}}, {@code \\dot{3}}, after an optional point. */
  private static final Pattern REPEATING = Pattern.compile("(\\.)?\\\\(?:overline|dot)\\s*\\{\\s*(\\d{1,50})\\s*\\}");

  private static final Pattern NUMBER_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(%)?");

  private final String s;
  private int pos;
  private final List<Token> out = new ArrayList<>();

  private Lexer(String s) {
    this.s = s;
  }

  /**
   * @param input a candidate answer
   * @return its normalised spelling: spacing commands, sizing, degree marks and thousands separators removed
   */
  static String normalize(String input) {
    String t = input;
    if (!t.contains("matrix") && !t.contains("{array}")) {
      // Commands written with a doubled backslash (copied from JSON); in a matrix \\ is a row break.
      t = DOUBLE_BACKSLASH_CMD.matcher(t).replaceAll("\\\\");
    }
    t = t.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac")
        .replace("{,}", "").replace("\\%", "%").replace("\\$", "").replace("$", "")
        .replace('\u2212', '-').replace("\u00d7", "\\times ").replace("\u00b7", "\\cdot ").replace("\u00f7", "\\div ")
        .replace("\u2264", "\\leq ").replace("\u2265", "\\geq ").replace("\u2260", "\\neq ")
        .replace("\u221e", "\\infty ").replace("\u03c0", "\\pi ").replace("\u00b1", "\\pm ")
        .replace("\u222a", "\\cup ").replace("\u2208", "\\in ").replace("\u221a", "\\sqrt ")
        .replace("\u00b2", "^2").replace("\u00b3", "^3");
    t = SPACED_COMMA_GROUP.matcher(t).replaceAll("$1$2");
    t = THOUSANDS_BANG.matcher(t).replaceAll("$1,");
    t = SPACING.matcher(t).replaceAll(" ");
    t = DEGREES.matcher(t).replaceAll("");
    t = PERCENT_WORD.matcher(t).replaceAll("%");
    t = UNIT_WORD.matcher(t).replaceAll("$1");
    Matcher m = THOUSANDS_MULTI.matcher(t);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, m.group().replace(",", ""));
    }
    m.appendTail(sb);
    t = sb.toString();
    if (THOUSANDS_ONLY.matcher(t).matches()) {
      t = t.replace(",", "");
    }
    return t.strip();
  }

  /**
   * @param normalized output of {@link #normalize}
   * @return its tokens ending with an END token
   * @throws MathParser.ParseFailure on malformed input
   */
  static List<Token> lex(String normalized) {
    Lexer l = new Lexer(normalized);
    l.run();
    return l.out;
  }

  private void run() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (isDigit(c) || c == '.' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))) {
        int start = pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
          pos++;
        }
        if (pos + 1 < s.length() && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
          pos++;
          while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
          }
        }
        String digits = s.substring(start, pos);
        Matcher repeat = REPEATING.matcher(s).region(pos, s.length());
        if (repeat.lookingAt() && (digits.contains(".") || repeat.group(1) != null)) {
          // 0.1\overline{6} is 0.1666...: the digits under the bar repeat, written "0.1(6)" for the parser.
          digits = (digits.contains(".") ? digits : digits + ".") + "(" + repeat.group(2) + ")";
          pos = repeat.end();
        }
        out.add(new Token(Type.NUM, digits, null));
      } else if (Character.isLetter(c)) {
        int start = pos;
        while (pos < s.length() && Character.isLetter(s.charAt(pos)) && s.charAt(pos) < 128) {
          pos++;
        }
        if (pos == start) {
          pos++;
          out.add(new Token(Type.ID, s.substring(start, pos), null));
          continue;
        }
        String run = s.substring(start, pos);
        if (WORDS.contains(run.toLowerCase(java.util.Locale.ROOT)) && run.length() > 1) {
          out.add(new Token(Type.WORD, run.toLowerCase(java.util.Locale.ROOT), null));
        } else {
          for (int i = 0; i < run.length(); i++) {
            out.add(new Token(Type.ID, String.valueOf(run.charAt(i)), null));
          }
        }
      } else if (c == '\\') {
        command();
      } else {
        String two = pos + 1 < s.length() ? s.substring(pos, pos + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("=<") || two.equals("=>")) {
          out.add(new Token(Type.OP, two.equals("=<") ? "<=" : two.equals("=>") ? ">=" : two, null));
          pos += 2;
        } else {
          out.add(new Token(Type.OP, String.valueOf(c), null));
          pos++;
        }
      }
    }
    out.add(new Token(Type.END, "", null));
  }

  private void command() {
    pos++;
    if (pos >= s.length()) {
      return;
    }
    char c = s.charAt(pos);
    if (!Character.isLetter(c)) {
      pos++;
      out.add(new Token(Type.CMD, c == '\\' ? "\\\\" : String.valueOf(c), null));
      return;
    }
    int start = pos;
    while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
      pos++;
    }
    String name = s.substring(start, pos);
    if (TEXT_CMDS.contains(name)) {
      String body = bracedRaw();
      if (body == null) {
        return;
      }
      String b = body.strip();
      if ((name.equals("mathrm") || name.equals("operatorname")) && b.length() == 1 && Character.isLetter(b.charAt(0))) {
        out.add(new Token(Type.ID, b, null));
      } else if (WORDS.contains(b) && !b.equals("and") && !b.equals("or") && !b.equals("percent")) {
        out.add(new Token(Type.WORD, b, null));
      } else if (NUMBER_TEXT.matcher(b).matches()) {
        // \text{28 percent} is 28%: a quantity in words around it (the unit was dropped by normalize).
        Matcher m = NUMBER_TEXT.matcher(b);
        m.matches();
        out.add(new Token(Type.NUM, m.group(1), null));
        if (m.group(2) != null) {
          out.add(new Token(Type.OP, "%", null));
        }
      } else if (b.equals("%") || b.equals("percent")) {
        out.add(new Token(Type.OP, "%", null));
      } else if (!b.isEmpty()) {
        out.add(new Token(Type.TEXT, b, null));
      }
    } else if (NAME_CMDS.contains(name)) {
      String body = bracedRaw();
      if (body != null && !body.isBlank()) {
        out.add(new Token(Type.ID, body.replaceAll("[\\s{}\\\\]", ""), null));
      }
    } else if (name.equals("begin")) {
      String env = bracedRaw();
      if (env == null) {
        throw new MathParser.ParseFailure();
      }
      String endTag = "\\end{" + env + "}";
      String beginTag = "\\begin{" + env + "}";
      int depth = 1;
      int bodyStart = pos;
      int i = pos;
      while (depth > 0) {
        int nextEnd = s.indexOf(endTag, i);
        if (nextEnd < 0) {
          throw new MathParser.ParseFailure();
        }
        int nextBegin = s.indexOf(beginTag, i);
        if (nextBegin >= 0 && nextBegin < nextEnd) {
          depth++;
          i = nextBegin + beginTag.length();
        } else {
          depth--;
          i = nextEnd + endTag.length();
          if (depth == 0) {
            String body = s.substring(bodyStart, nextEnd);
            pos = i;
            if (env.equals("array")) {
              // Drop the column specification {cc}.
              String b = body.strip();
              if (b.startsWith("{")) {
                int close = matchBrace(b, 0);
                body = close < 0 ? b : b.substring(close + 1);
              }
            }
            out.add(new Token(Type.ENV, body, env));
          }
        }
      }
    } else {
      out.add(new Token(Type.CMD, name, null));
    }
  }

  /** Reads {@code {...}} after optional spaces, returning the raw inside, or null when absent. */
  private String bracedRaw() {
    int p = pos;
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
    if (p >= s.length() || s.charAt(p) != '{') {
      return null;
    }
    int close = matchBrace(s, p);
    if (close < 0) {
      throw new MathParser.ParseFailure();
    }
    pos = close + 1;
    return s.substring(p + 1, close);
  }

  /** @return the index of the brace closing the one at {@code open}, or -1 */
  static int matchBrace(String str, int open) {
    int depth = 0;
    for (int i = open; i < str.length(); i++) {
      char c = str.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
