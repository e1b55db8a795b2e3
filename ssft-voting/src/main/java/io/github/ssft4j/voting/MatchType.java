package io.github.ssft4j.voting;

import java.util.Locale;

/** Which kinds of answer an extraction looks for, mirroring the reference's extraction targets. */
public enum MatchType {
  /** LaTeX: {@code \boxed{}}, "final answer is $...$", and math between {@code $}, {@code \(}, {@code \[}. */
  LATEX,
  /** Plain expressions: "the answer is 42", and the last number in the text. */
  EXPR,
  /** Multiple-choice letters: "Answer: C", "(C)", "the answer is C", other languages. */
  LETTERS;

  /**
   * @param name {@code latex}, {@code expr} or {@code NativeLetters} (any case; {@code letters} also accepted)
   * @return the match type, or {@code null} when unknown
   */
  public static MatchType parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "latex" -> LATEX;
      case "expr" -> EXPR;
      case "nativeletters", "letters", "letter", "indices" -> LETTERS;
      default -> null;
    };
  }
}
