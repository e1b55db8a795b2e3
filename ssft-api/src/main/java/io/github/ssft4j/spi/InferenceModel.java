package io.github.ssft4j.spi;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Tokenizer;
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

  /** @return the model's tokenizer and chat template */
  Tokenizer tokenizer();

  /**
   * Generates every branch of the request: the prompt is prefilled once and its KV cache forked into the branches.
   * Tokens are reported to the request's listener as they are sampled, and its cancellation is checked every
   * decode step.
   *
   * @param request prompt, tags, options, listener and cancellation
   * @return one trace per branch, in request order, and the call's usage
   * @throws io.github.ssft4j.GenerationException when the runtime fails or the prompt does not fit the model
   * @throws io.github.ssft4j.GenerationCancelledException when the request's cancellation stopped it
   */
  ForkResult fork(ForkRequest request);

  /**
   * @param request prompt, tags, options, listener and cancellation
   * @return {@link #fork(ForkRequest)}'s traces alone
   */
  default List<Trace> generate(ForkRequest request) {
    return fork(request).traces();
  }

  /**
   * The model's distribution over its tags at the fork: after the prompt and the fork prefix (the branch prefix
   * before the tag, {@code <|im_start|>}), the probability of each tag's token sequence (summed log-probabilities
   * for tags of several tokens). Costs about one prefill of the prompt.
   *
   * @param prompt what is asked
   * @return the distribution over the {@link #forkingTokens()}
   * @throws io.github.ssft4j.GenerationException when the runtime fails or the prompt does not fit the model
   * @throws UnsupportedOperationException when the backend does not compute fork distributions (then only fixed
   *     tag schedules work)
   */
  default ForkDistribution forkDistribution(Prompt prompt) {
    throw new UnsupportedOperationException(getClass().getName() + " does not compute fork distributions, so the "
        + "model cannot choose its own tags; use a fixed tag schedule");
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
