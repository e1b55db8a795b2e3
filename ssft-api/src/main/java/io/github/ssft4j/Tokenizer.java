package io.github.ssft4j;

import java.util.List;

/**
 * A loaded model's tokenizer and chat template: count a prompt's tokens, or turn ids back into text. Thread-safe.
 *
 * <pre>{@code
 * int promptTokens = reasoner.tokenizer().promptIds(Prompt.question(null, "What is 83-47?")).length;
 * }</pre>
 */
public interface Tokenizer {
  /**
   * @param text text, special tokens such as {@code <|im_start|>} parsed as such
   * @return its token ids
   */
  long[] encode(String text);

  /**
   * @param prompt chat messages (rendered with the chat template and its generation prompt) or text
   * @return the ids the model is prefilled with, without any tag prefix
   */
  long[] promptIds(Prompt prompt);

  /**
   * @param ids token ids
   * @param skipSpecialTokens leave out special tokens such as the end-of-sequence token
   * @return the decoded text
   */
  String decode(List<Integer> ids, boolean skipSpecialTokens);
}
