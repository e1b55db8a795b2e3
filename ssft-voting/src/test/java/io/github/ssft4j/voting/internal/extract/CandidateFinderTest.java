package io.github.ssft4j.voting.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.voting.MatchType;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where answers are found in free text, and in which order they are tried. */
class CandidateFinderTest {
  private static List<Candidate> find(String text) {
    return CandidateFinder.find(text, EnumSet.of(MatchType.LATEX, MatchType.EXPR));
  }

  private static String best(String text) {
    List<Candidate> c = find(text);
    return c.isEmpty() ? null : c.get(0).overLimit() ? "<limit>" : c.get(0).text();
  }

  @Test
  void prioritiesFollowTheReferenceAnchors() {
    assertEquals(0, find("The final answer is $5$. I hope it is correct.").get(0).priority());
    assertEquals(50, find("so \\boxed{5}").get(0).priority());
    assertEquals(100, find("Answer: $5$").get(0).priority());
    assertEquals(200, find("the answer would be $5$").get(0).priority());
    assertEquals(300, find("we get $5$").get(0).priority());
  }

  @Test
  void withinAPriorityTheAnswerEndingLastComesFirst() {
    assertEquals("7", best("$3$ then $7$"));
    assertEquals("7", best("First \\boxed{3}. Then \\boxed{7}."));
  }

  @Test
  void neighbouringAnswersFormOneList() {
    assertEquals("1, 2", best("$x = 1$ and $x = 2$".replace("x = ", "")));
    assertEquals("1, 2", best("$\\boxed{1}\\boxed{2}$"));
    assertEquals("(3, 3), (1, 1)", best("$$\\boxed{(3, 3)} \\text{ for (a) and } \\boxed{(1, 1)}$$"));
  }

  @Test
  void numbersAreReadAsTheReferenceReadsThem() {
    assertEquals("1000.5", best("it costs 1,000.5 dollars"));
    assertEquals("2.74", best("environ 2,74 m"));
    assertEquals("28%", best("about 28 percent"));
    assertEquals("42", best("所以总共有42个苹果"));
    // A digit inside a formula is not an answer.
    assertNull(best("\\sqrt{16}"));
  }

  @Test
  void anExpressionIsReadWhole() {
    assertEquals("1 + 2 + 3", best("so 1 + 2 + 3"));
  }

  @Test
  void aLimitReachedIsReportedNotCut() {
    assertEquals("<limit>", best("x".repeat(TextNormalizer.MAX_TEXT + 1)));
    assertEquals("<limit>", best("so " + "7".repeat(40_000)));
    assertEquals("<limit>", best("\\boxed{" + "1+".repeat(2_000) + "1}"));
  }

  @Test
  void textNormalizationKeepsIndices() {
    String t = "Ответ: ٣";
    assertEquals(t.length(), TextNormalizer.asciiLower(t).length());
    assertEquals("Ответ: 3", TextNormalizer.clip(t));
    assertEquals("1000", TextNormalizer.number("1 000"));
  }

  @Test
  void choiceLettersInScriptsOtherThanLatin() {
    assertEquals("B", ChoiceLetters.letter("الإجابة هي ب", 'D'));
    assertEquals("C", ChoiceLetters.letter("Answer: (C)", 'D'));
    assertEquals("B", ChoiceLetters.letter("B. because", 'D'));
    assertTrue(ChoiceLetters.nativeLetters("كتاب").equals("كتاب"), "letters inside words stay");
  }

  /**
   * Repetition changes nothing but the length: the anchors and boxes a long text repeats are bounded in number, so
   * a text of many of them has the answer of a short one (the speed of these inputs is measured by
   * {@code ssft bench verify}, whose generator makes them).
   */
  @Test
  void repeatedAnchorsAndBoxesGiveTheAnswerOfTheShortText() {
    for (int n : new int[] {1, 10, 1_000, 10_000}) {
      assertEquals("42", best("Final Answer: ".repeat(n) + "the final answer is 42. I hope"), "n=" + n);
      assertEquals("42", best("the answer is ".repeat(n) + "42"), "n=" + n);
      // Unclosed boxes before a closed one: only the closed one is an answer.
      assertEquals("7", best("\\boxed{".repeat(n) + "1 \\boxed{7}"), "n=" + n);
    }
  }
}
