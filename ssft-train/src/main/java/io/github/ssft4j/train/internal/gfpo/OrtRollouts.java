package io.github.ssft4j.train.internal.gfpo;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import io.github.ssft4j.train.internal.onnx.Qwen2OnnxExporter;
import java.nio.file.Path;
import java.util.List;

/**
 * Rolls branches out on ONNX Runtime from the current training weights: {@link #refresh} exports the DJL model
 * into a scratch model folder and reopens it, then {@link #rollout} prefills a prompt once and forks it into one
 * branch per tag, exactly as inference does. Measured against decoding in DJL (which has no KV cache) this is
 * the faster way at every size tried (see {@code docs/results/gfpo.md}).
 */
final class OrtRollouts implements AutoCloseable {
  private final Path dir;
  private final RuntimeOptions runtime;
  private OnnxModel model;

  /**
   * @param dir the scratch model folder (rewritten on every refresh)
   * @param runtime ONNX Runtime options
   */
  OrtRollouts(Path dir, RuntimeOptions runtime) {
    this.dir = dir;
    this.runtime = runtime;
  }

  /** Exports {@code weights} (closing the session on the previous ones) and opens them. */
  void refresh(Qwen2Model weights) {
    close();
    Qwen2OnnxExporter.export(weights, dir, ExportOptions.DEFAULT);
    model = new OnnxRuntimeBackend().open(dir, runtime);
  }

  /** @return the session on the weights of the last refresh */
  OnnxModel model() {
    if (model == null) {
      throw new IllegalStateException("refresh() first");
    }
    return model;
  }

  /**
   * @param prompt what is asked
   * @param tags one 1-based tag a branch
   * @param options sampling (its seed seeds the branches)
   * @return one trace a branch
   */
  List<Trace> rollout(Prompt prompt, List<Integer> tags, GenerationOptions options) {
    return model().generate(new ForkRequest(prompt, tags, options));
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
