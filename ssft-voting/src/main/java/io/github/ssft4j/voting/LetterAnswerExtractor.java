package io.github.ssft4j.voting;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.voting.internal.extract.ChoiceLetters;

/**
 * Extracts a multiple-choice letter ({@code letters}): "Answer: C", "the answer is C", "réponse est C", a text
 * starting with the letter ("B. ..." or "B不是 A"), "(C)", else the last standalone capital among the choices.
 */
public final class LetterAnswerExtractor implements AnswerExtractor {
  private final char lastChoice;

  /** Choices A to E. */
  public LetterAnswerExtractor() {
    this('E');
  }

  /**
   * @param lastChoice the last choice letter, {@code 'A'..'Z'}
   */
  public LetterAnswerExtractor(char lastChoice) {
    this.lastChoice = lastChoice < 'A' || lastChoice > 'Z' ? 'E' : lastChoice;
  }

  @Override
  public String name() {
    return "letters";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public ExtractedAnswer extract(String text) {
    try {
      String l = text == null ? null : ChoiceLetters.letter(text, lastChoice);
      return l == null ? ExtractedAnswer.NONE : new ExtractedAnswer(l, l, ExtractedAnswer.Kind.LETTER);
    } catch (RuntimeException | StackOverflowError e) {
      return ExtractedAnswer.NONE;
    }
  }
}
