package io.github.ssft4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The set of global forking tokens a model was trained with and how a tag is placed after the chat prompt.
 *
 * <p>By default six tags {@code <think1>}..{@code <think6>}, each opened as {@code <|im_start|><thinkI>\n} right
 * after the rendered chat prompt. A model folder may override this with an {@code ssft.json}.
 *
 * @param count how many tags, {@code N >= 1}
 * @param tagFormat the tag's text, where {@code {i}} stands for the 1-based tag index
 * @param prefixFormat the text appended to the prompt to open a branch, where {@code {tag}} stands for the tag
 */
public record ForkingTokens(int count, String tagFormat, String prefixFormat) {

  /** Six tags, {@code <think{i}>}, opened as {@code <|im_start|>{tag}\n}. */
  public static final ForkingTokens DEFAULT = new ForkingTokens(6, "<think{i}>", "<|im_start|>{tag}\n");

  /** Validates the count and that the formats contain their placeholders. */
  public ForkingTokens {
    Checks.positive("count", count);
    if (Checks.notNull("tagFormat", tagFormat).indexOf("{i}") < 0) {
      throw new InvalidArgumentException("tagFormat must contain {i}, got '" + tagFormat + "'");
    }
    if (Checks.notNull("prefixFormat", prefixFormat).indexOf("{tag}") < 0) {
      throw new InvalidArgumentException("prefixFormat must contain {tag}, got '" + prefixFormat + "'");
    }
  }

  /**
   * Returns the default tag and prefix formats with {@code n} tags.
   *
   * @param n the number of tags
   * @return the default formats with {@code n} tags
   */
  public static ForkingTokens of(int n) {
    return new ForkingTokens(n, DEFAULT.tagFormat, DEFAULT.prefixFormat);
  }

  /**
   * Returns the text of a tag.
   *
   * @param index 1-based tag index
   * @return the tag's text, e.g. {@code <think3>}
   */
  public String tag(int index) {
    checkIndex(index);
    return tagFormat.replace("{i}", Integer.toString(index));
  }

  /**
   * Returns the text placed after the chat prompt to start a branch with a tag.
   *
   * @param index 1-based tag index
   * @return the branch prefix, e.g. {@code <|im_start|><think3>\n}
   */
  public String prefix(int index) {
    return prefixFormat.replace("{tag}", tag(index));
  }

  /** @return every tag's text, in index order */
  public List<String> tags() {
    List<String> tags = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      tags.add(tag(i));
    }
    return List.copyOf(tags);
  }

  private void checkIndex(int index) {
    if (index < 1 || index > count) {
      throw new InvalidArgumentException("tag index must be in 1.." + count + ", got " + index);
    }
  }
}
