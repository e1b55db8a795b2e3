package io.github.ssft4j.spi;

import io.github.ssft4j.Prompt;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.InvalidArgumentException;
import java.util.List;

/**
 * One prompt answered by several branches. The backend prefills {@code prompt} once, then opens branch {@code b}
 * with the prefix of tag {@code tags.get(b)} (no prefix for tag {@code 0}) and samples each branch with its own
 * generator seeded from {@code options.seed()} and {@code b}.
 *
 * @param prompt what is asked
 * @param tags one 1-based tag index per branch ({@code 0}: no tag prefix)
 * @param options sampling options shared by all branches
 * @param listener receives every branch's tokens as they are sampled
 * @param cancellation checked every decode step; the call stops (releasing its memory) when it throws
 */
public record ForkRequest(Prompt prompt, List<Integer> tags, GenerationOptions options, StreamListener listener,
    Cancellation cancellation) {
  /** Validates the branch list. */
  public ForkRequest {
    if (prompt == null || options == null || listener == null || cancellation == null) {
      throw new InvalidArgumentException("prompt, options, listener and cancellation must not be null");
    }
    tags = List.copyOf(tags);
    if (tags.isEmpty()) {
      throw new InvalidArgumentException("a fork request needs at least one branch (k must be > 0)");
    }
    for (int t : tags) {
      if (t < 0) {
        throw new InvalidArgumentException("tag index must be >= 0, got " + t);
      }
    }
  }

  /**
   * A request nobody watches or cancels.
   *
   * @param prompt what is asked
   * @param tags one 1-based tag index per branch ({@code 0}: no tag prefix)
   * @param options sampling options shared by all branches
   */
  public ForkRequest(Prompt prompt, List<Integer> tags, GenerationOptions options) {
    this(prompt, tags, options, StreamListener.NONE, Cancellation.NONE);
  }
}
