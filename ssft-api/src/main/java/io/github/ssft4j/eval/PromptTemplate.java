package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;

/**
 * Turns a {@link Problem#question()} into the user message: the template's {@code {question}} is replaced by the
 * question. The chat template, and the tag prefix after its generation prompt, are added by the model.
 *
 * <pre>{@code
 * PromptTemplate t = PromptTemplate.of("Answer briefly.\n\n{question}");
 * }</pre>
 *
 * @param text the template text, containing {@code {question}} once or more
 */
public record PromptTemplate(String text) {
  /** The question as it is. */
  public static final PromptTemplate PLAIN = new PromptTemplate("{question}");

  /** LightEval's MATH-500 / AIME query template. */
  public static final PromptTemplate MATH = new PromptTemplate(
      "Solve the following math problem efficiently and clearly.  The last line of your response should be of the "
          + "following format: 'Therefore, the final answer is: $\\boxed{ANSWER}$. I hope it is correct' (without "
          + "quotes) where ANSWER is just the final number or expression that solves the problem. Think step by "
          + "step before answering.\n\n{question}");

  /**
   * LightEval's {@code gpqa_instruct} template; the question slot holds the question, a blank line and the options
   * {@code A) ..} to {@code D) ..}, one a line.
   */
  public static final PromptTemplate GPQA = new PromptTemplate(
      "Answer the following multiple choice question. The last line of your response should be of the following "
          + "format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD. Think step by step before "
          + "answering.\n\n{question}");

  /** Rejects a template without the {@code {question}} slot. */
  public PromptTemplate {
    if (text == null || !text.contains("{question}")) {
      throw new InvalidArgumentException("a prompt template must contain {question}; got " + text);
    }
  }

  /**
   * @param text the template text, containing {@code {question}}
   * @return the template
   */
  public static PromptTemplate of(String text) {
    return new PromptTemplate(text);
  }

  /**
   * @param question the question text
   * @return the user message
   */
  public String render(String question) {
    return text.replace("{question}", question);
  }
}
