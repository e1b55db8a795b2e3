package io.github.ssft4j.spi;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.Trace;
import java.nio.file.Path;
import java.util.List;

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

  /** Releases the model's native resources. */
  @Override
  void close();
}
