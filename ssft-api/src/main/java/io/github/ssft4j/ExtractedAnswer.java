package io.github.ssft4j;

/**
 * The final answer an {@link io.github.ssft4j.spi.AnswerExtractor} found in a text.
 *
 * @param raw the answer as written (e.g. {@code \frac{1}{2}}), or {@code ""} when none was found
 * @param normalized a canonical spelling used for display and as a cheap first equality test (e.g. {@code 1/2});
 *     equal normalized forms mean equal answers, but equal answers may have different normalized forms
 * @param kind what was found
 */
public record ExtractedAnswer(String raw, String normalized, Kind kind) {

  /** What kind of answer was found. */
  public enum Kind {
    /** Nothing answer-like was found. */
    NONE,
    /** A mathematical expression, number, set, interval, equation or matrix. */
    MATH,
    /** A multiple-choice letter. */
    LETTER,
    /** Text that is neither. */
    TEXT
  }

  /** The answer of a text that has none. */
  public static final ExtractedAnswer NONE = new ExtractedAnswer("", "", Kind.NONE);

  /** Rejects nulls. */
  public ExtractedAnswer {
    Checks.notNull("raw", raw);
    Checks.notNull("normalized", normalized);
    Checks.notNull("kind", kind);
  }

  /** @return {@code true} unless this is {@link #NONE}-like (nothing was extracted) */
  public boolean isPresent() {
    return kind != Kind.NONE;
  }
}
