package io.github.ssft4j.train.internal.ssft;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import java.nio.file.Path;

/**
 * Chooses and sets PyTorch's intra-op threads for a training run, so a library user gets the same speed as the CLI
 * without touching system properties. Small models train fastest on one thread: their kernels are too short for
 * OpenMP's fork-join to pay (a tiny-model step measured 5.4 s on two threads of a loaded 2-core machine against
 * 0.08 s on one); large ones use every core.
 */
public final class TorchThreads implements AutoCloseable {
  /** Parameters below which one thread is chosen. */
  static final long SMALL_MODEL_PARAMETERS = 50_000_000L;

  private final int previous;

  private TorchThreads(int threads) {
    Engine.getEngine("PyTorch"); // loads libtorch before the JNI call
    this.previous = JniUtils.getNumThreads();
    if (threads != previous) {
      JniUtils.setNumThreads(threads);
    }
  }

  /**
   * Sets the threads of the calling thread's PyTorch work until {@link #close()}.
   *
   * @param requested the configured count, {@code 0} to choose
   * @param checkpoint the model being trained (its size decides when choosing)
   * @return a handle that restores the previous count
   */
  public static TorchThreads apply(int requested, Path checkpoint) {
    return new TorchThreads(requested > 0 ? requested : choose(checkpoint));
  }

  static int choose(Path checkpoint) {
    if (System.getProperty("ai.djl.pytorch.num_threads") != null) {
      return Integer.getInteger("ai.djl.pytorch.num_threads", 1); // the user's explicit choice wins
    }
    return estimatedParameters(Qwen2Config.fromJson(checkpoint.resolve("config.json"))) < SMALL_MODEL_PARAMETERS
        ? 1 : Runtime.getRuntime().availableProcessors();
  }

  static long estimatedParameters(Qwen2Config c) {
    long h = c.hiddenSize();
    long perLayer = 4 * h * h + 3 * h * c.intermediateSize();
    return c.numHiddenLayers() * perLayer + 2 * h * c.vocabSize();
  }

  @Override
  public void close() {
    if (JniUtils.getNumThreads() != previous) {
      JniUtils.setNumThreads(previous);
    }
  }
}
