package io.github.ssft4j.voting.internal.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text normalisation shared by every finder: the tail of very long texts, the Unicode minus, non-ASCII digits,
 * index-preserving lower-casing, and numbers written with thousands separators or decimal commas. Index-preserving
 * throughout, so positions found in a normalised text are positions in the clipped text.
 */
public final class TextNormalizer {
  /** Longest text scanned, in characters: a longer one has no answer (about 250,000 tokens, beyond any context). */
  public static final int MAX_TEXT = 1_000_000;
  private static final Pattern THOUSANDS = Pattern.compile("-?[1-9]\\d{0,2}(?:,\\d{3})+");

  /** A percent sign or word after a number: {@code 28 %}, {@code 28 percent}, {@code 28 pct}. */
  static final Pattern PERCENT_SUFFIX = Pattern.compile("\\s*(?:%|[Pp]ercentage|[Pp]ercent|[Pp]ct)$");

  private TextNormalizer() {}

  /**
   * @param text free text
   * @return its last {@link #MAX_TEXT} characters, with ASCII digits and minus signs, and doubled backslashes
   *     before {@code boxed} undone (answers copied from JSON); callers refuse longer texts first
   */
  public static String clip(String text) {
    // The Unicode minus sign is a minus for every pattern below.
    String t = (text.length() > MAX_TEXT ? text.substring(text.length() - MAX_TEXT) : text).replace('\u2212', '-');
    t = asciiDigits(t);
    // Answers copied from JSON sometimes keep a doubled backslash: \\boxed{...}.
    return t.contains("\\\\boxed") || t.contains("\\\\fbox")
        ? t.replace("\\\\boxed", "\\boxed").replace("\\\\fbox", "\\fbox") : t;
  }

  /** Replaces non-ASCII decimal digits (Arabic-Indic, Devanagari, full-width) by ASCII ones, keeping indices. */
  public static String asciiDigits(String t) {
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
  public static String asciiLower(String t) {
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
  public static String number(String raw) {
    Matcher pct = PERCENT_SUFFIX.matcher(raw);
    if (pct.find()) {
      return number(raw.substring(0, pct.start())) + "%";
    }
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
}
