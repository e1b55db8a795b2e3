package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.ModelLoadException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Where the fork is and what each tag's token sequence is, the one definition that inference and training share.
 *
 * <p>The fork prefix is the part of the branch prefix before the tag ({@code <|im_start|>} for the default
 * {@code <|im_start|>{tag}\n}). A tag's sequence is the tokens of the branch prefix after those of the fork prefix
 * that spell the tag: the tokens of {@code forkPrefix + tag} when the branch prefix starts with them (special-token
 * tags: one token; text tags: their pieces), otherwise, when the tokenizer merges the tag's end with what follows
 * it (e.g. {@code ">\n"}), the whole rest of the branch prefix. The distribution over tags at the fork is then the
 * probability of each sequence given the prompt and the fork prefix.
 *
 * @param forkPrefix the fork prefix's ids (fed after the prompt, shared by every branch)
 * @param tags per tag (index 0 for tag 1) its token sequence, at least one token
 */
public record TagSequences(long[] forkPrefix, long[][] tags) {

  /**
   * @param forking the model's tags and prefix format
   * @param encode the model's tokenizer (special tokens in the text recognised, nothing added)
   * @return the sequences
   * @throws ModelLoadException when a branch prefix does not start with the fork prefix's tokens, a tag has no
   *     tokens of its own, or two tags have the same sequence
   */
  public static TagSequences of(ForkingTokens forking, Function<String, long[]> encode) {
    String format = forking.prefixFormat();
    String forkText = format.substring(0, format.indexOf("{tag}"));
    long[] fork = encode.apply(forkText);
    long[][] tags = new long[forking.count()][];
    for (int i = 1; i <= forking.count(); i++) {
      long[] full = encode.apply(forking.prefix(i));
      if (full.length <= fork.length || !Arrays.equals(full, 0, fork.length, fork, 0, fork.length)) {
        throw new ModelLoadException("the branch prefix '" + escape(forking.prefix(i)) + "' does not tokenize as the "
            + "fork prefix '" + escape(forkText) + "' followed by tag tokens; change prefix_format in ssft.json");
      }
      long[] rest = Arrays.copyOfRange(full, fork.length, full.length);
      long[] spelled = encode.apply(forkText + forking.tag(i));
      int own = spelled.length - fork.length;
      boolean prefixOfRest = own > 0 && own <= rest.length
          && Arrays.equals(spelled, fork.length, spelled.length, rest, 0, own)
          && Arrays.equals(spelled, 0, fork.length, fork, 0, fork.length);
      tags[i - 1] = prefixOfRest ? Arrays.copyOf(rest, own) : rest;
    }
    for (int i = 0; i < tags.length; i++) {
      for (int j = 0; j < i; j++) {
        if (Arrays.equals(tags[i], tags[j])) {
          throw new ModelLoadException("tags " + forking.tag(j + 1) + " and " + forking.tag(i + 1)
              + " tokenize to the same ids " + Arrays.toString(tags[i]) + "; change tag_format in ssft.json");
        }
      }
    }
    return new TagSequences(fork, tags);
  }

  /** @return {@code N} */
  public int count() {
    return tags.length;
  }

  /** @return the longest tag sequence */
  public int maxLength() {
    return Arrays.stream(tags).mapToInt(t -> t.length).max().orElse(0);
  }

  /**
   * @param prompt the prompt's ids
   * @return the prompt followed by the fork prefix: the context of the fork
   */
  public long[] context(long[] prompt) {
    long[] out = Arrays.copyOf(prompt, prompt.length + forkPrefix.length);
    System.arraycopy(forkPrefix, 0, out, prompt.length, forkPrefix.length);
    return out;
  }

  private static String escape(String s) {
    return s.replace("\n", "\\n");
  }
}
