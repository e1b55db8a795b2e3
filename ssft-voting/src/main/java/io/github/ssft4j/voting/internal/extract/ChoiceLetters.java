package io.github.ssft4j.voting.internal.extract;


/**
 * Multiple-choice letters, after LightEval's letter extraction: a letter shortly after an answer word in any of
 * the supported languages (the last such phrase), a text that starts with the letter, the last {@code (C)}, else the
 * last standalone capital among the choices.
 */
public final class ChoiceLetters {
  /** Arabic-script choice letters in order, as LightEval's Arabic indices: the n-th stands for the n-th Latin one. */
  private static final String[] ARABIC = {"أ", "ب", "ج", "د", "هـ", "و", "ز", "ح"};

  private ChoiceLetters() {}

  /**
   * Replaces standalone Arabic-script choice letters ({@code الإجابة هي ب}) by the Latin letter of the same rank,
   * so that {@code ب} and {@code B} are the same choice; letters inside words are left alone.
   */
  static String nativeLetters(String t) {
    boolean any = false;
    for (String a : ARABIC) {
      any |= t.contains(a);
    }
    if (!any) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    int i = 0;
    outer:
    while (i < t.length()) {
      for (int k = 0; k < ARABIC.length; k++) {
        String a = ARABIC[k];
        int end = i + a.length();
        if (t.startsWith(a, i) && (i == 0 || !Character.isLetter(t.charAt(i - 1)))
            && (end >= t.length() || !Character.isLetter(t.charAt(end)) && t.charAt(end) != '\u0640')) {
          sb.append((char) ('A' + k)).append(" ".repeat(a.length() - 1));
          i = end;
          continue outer;
        }
      }
      sb.append(t.charAt(i++));
    }
    return sb.toString();
  }


  /**
   * @param text free text
   * @param maxLetter the last allowed choice letter
   * @return the chosen letter, or {@code null}
   */
  public static String letter(String text, char maxLetter) {
    if (text.length() > TextNormalizer.MAX_TEXT) {
      return null;
    }
    String t = nativeLetters(TextNormalizer.clip(text));
    // 1. A letter shortly after an "answer" word (the last such phrase).
    int lastEnd = lastWordEnd(TextNormalizer.asciiLower(t), LETTER_WORDS);
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
