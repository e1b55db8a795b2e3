package io.github.ssft4j.spi;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model loaded by an {@link InferenceBackend}. Thread-safe: concurrent {@link #generate} calls are allowed.
 * {@link #close()} releases native memory; calls after it fail.
 */
public interface InferenceModel extends AutoCloseable {
  /** @return the model folder it was loaded from */
  Path directory();

  /** @return the forking tokens the model was trained with */
  ForkingTokens forkingTokens();

  /**
   * Generates every branch of the request.
   *
   * @param request prompt, tags and options
   * @return one trace per branch, in request order
   * @throws io.github.ssft4j.GenerationException when the runtime fails or the prompt does not fit the model
   */
  List<Trace> generate(ForkRequest request);

  /**
   * The model's distribution over its tags at the fork: after the prompt and the fork prefix (the branch prefix
   * before the tag, {@code <|im_start|>}), the probability of each tag's token sequence (summed log-probabilities
   * for tags of several tokens). Costs about one prefill of the prompt.
   *
   * @param prompt what is asked
   * @return the distribution over the {@link #forkingTokens()}
   * @throws io.github.ssft4j.GenerationException when the backend cannot compute it or the runtime fails
   */
  default ForkDistribution forkDistribution(Prompt prompt) {
    throw new io.github.ssft4j.GenerationException(getClass().getName() + " does not compute fork distributions, "
        + "so the model cannot choose its own tags; use a fixed tag schedule");
  }

  /**
   * @return the tag schedule the model folder declares ({@code "tag_policy"} in its {@code ssft.json}), used when
   *     the caller sets none; empty when it declares none
   */
  default Optional<TagSchedule> preferredTagSchedule() {
    return Optional.empty();
  }

  /** Releases the model's native resources. */
  @Override
  void close();
}
