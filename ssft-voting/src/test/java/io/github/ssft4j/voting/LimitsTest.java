package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ExtractedAnswer;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A size limit reached means "no answer", never the value of a part of the input: long and deep answers either
 * give their true value or none, whatever delimiters they come in.
 */
class LimitsTest {
  private static final MathAnswerExtractor EXTRACTOR = new MathAnswerExtractor();
  private static final List<Function<String, String>> WRAPPERS = List.of(s -> s, s -> "$" + s + "$",
      s -> "\\boxed{" + s + "}", s -> "The final answer is $" + s + "$", s -> "\\[" + s + "\\]");

  /** The answer in every wrapper is either absent or equal to {@code truth}, and never any of {@code wrong}. */
  private static void noWrongValue(String answer, String truth, String... wrong) {
    for (Function<String, String> wrap : WRAPPERS) {
      String text = wrap.apply(answer);
      ExtractedAnswer a = EXTRACTOR.extract(text);
      if (a.isPresent()) {
        assertTrue(truth != null && AnswerVerifier.verify(truth, text, AnswerVerifier.Options.DEFAULT),
            () -> "a wrong answer " + a.normalized() + " for " + text.substring(0, 40) + "...");
      }
      for (String w : wrong) {
        assertFalse(AnswerVerifier.verify(w, text, AnswerVerifier.Options.DEFAULT),
            () -> w + " accepted for " + text.substring(0, 40) + "...");
        assertFalse(AnswerVerifier.verify(text, w, AnswerVerifier.Options.DEFAULT),
            () -> w + " accepted against gold " + text.substring(0, 40) + "...");
      }
    }
  }

  @Test
  void aLongSumIsItsValueOrNoAnswer() {
    noWrongValue(String.join(" + ", java.util.Collections.nCopies(300, "\\frac{1}{2}")), "150", "1/2", "1", "2");
  }

  @Test
  void deeplyNestedFractionsAreNotTheirInnermostFraction() {
    String e = "\\frac{1}{2}";
    for (int i = 0; i < 5_000; i++) {
      e = "\\frac{" + e + "}{2}";
    }
    noWrongValue(e, null, "1/2", "0", "2", "1");
  }

  @Test
  void aDeepSquareRootChainIsNotItsRadicand() {
    String e = "16";
    for (int i = 0; i < 10_000; i++) {
      e = "\\sqrt{" + e + "}";
    }
    noWrongValue(e, null, "16", "4", "2", "1");
    noWrongValue("\\sqrt".repeat(10_000) + " 16", null, "16", "4", "2", "1");
  }

  @Test
  void aTallPowerTowerIsNotAFloorOfIt() {
    noWrongValue("2^{".repeat(5_000) + "2" + "}".repeat(5_000), null, "2", "4", "16", "65536");
    noWrongValue("2^{".repeat(400) + "2" + "}".repeat(400), null, "2", "4", "16", "65536");
  }

  @Test
  void manyIntervalsAreNotTheLastOnes() {
    StringBuilder sb = new StringBuilder("[0, 1]");
    for (int i = 1; i < 20_000; i++) {
      sb.append(" \\cup [").append(2 * i).append(", ").append(2 * i + 1).append(']');
    }
    noWrongValue(sb.toString(), null, "[39998, 39999]", "39999", "[0, 1]");
  }

  @Test
  void numbersAreNeverCut() {
    String million = "7".repeat(1_000_000);
    String hundredThousand = "7".repeat(100_000);
    assertFalse(AnswerVerifier.verify(hundredThousand, million, AnswerVerifier.Options.DEFAULT));
    assertFalse(AnswerVerifier.verify(million, hundredThousand, AnswerVerifier.Options.DEFAULT));
    assertFalse(AnswerVerifier.verify("7".repeat(30_000), million, AnswerVerifier.Options.DEFAULT));
    assertFalse(EXTRACTOR.extract("so it is " + million).isPresent());
    assertFalse(EXTRACTOR.extract("the answer is " + "7".repeat(5_000)).isPresent());
    assertFalse(EXTRACTOR.extract("$" + "7".repeat(5_000) + "$").isPresent());
    // Within the limits a long number is itself.
    String long999 = "7".repeat(999);
    assertTrue(AnswerVerifier.verify(long999, "so it is " + long999, AnswerVerifier.Options.DEFAULT));
    assertFalse(AnswerVerifier.verify(long999, "so it is " + long999 + "8", AnswerVerifier.Options.DEFAULT));
  }

  @Test
  void aLongPlainExpressionIsReadWholeOrNotAtAll() {
    StringBuilder sb = new StringBuilder("so 1");
    for (int i = 2; i <= 100; i++) {
      sb.append(" + ").append(i);
    }
    assertEquals("5050", EXTRACTOR.extract(sb.toString()).normalized());
  }

  @Test
  void aTextBeyondTheScanLimitHasNoAnswer() {
    String text = "x".repeat(1_200_000) + " The final answer is \\boxed{5}.";
    assertFalse(EXTRACTOR.extract(text).isPresent());
    assertFalse(new LetterAnswerExtractor().extract(text + " Answer: B").isPresent());
    assertEquals("5", EXTRACTOR.extract("x".repeat(500_000) + " The final answer is \\boxed{5}.").normalized());
  }

  @Test
  void aListCutByTheSpanLimitIsNoAnswer() {
    StringBuilder sb = new StringBuilder("The roots are ");
    for (int i = 0; i < 1_000; i++) {
      sb.append(i == 0 ? "" : ", ").append("$").append(i).append('$');
    }
    ExtractedAnswer a = EXTRACTOR.extract(sb.toString());
    assertFalse(a.isPresent() && !a.normalized().contains("0, 1, 2"), a.normalized());
  }
}
