package io.github.ssft4j.train.internal.ssft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import java.nio.file.Path;
import java.util.Map;

/** {@link CausalLm} over the DJL {@link Qwen2Model}. */
public final class Qwen2CausalLm implements CausalLm {
  private final Qwen2Model model;

  /** @param model the model; closed by {@link #close()} */
  public Qwen2CausalLm(Qwen2Model model) {
    this.model = model;
  }

  /**
   * @param checkpointDir a Hugging Face Qwen2 checkpoint folder
   * @return the loaded model
   */
  public static Qwen2CausalLm load(Path checkpointDir) {
    return new Qwen2CausalLm(Qwen2Model.load(checkpointDir));
  }

  @Override
  public NDManager manager() {
    return model.manager();
  }

  @Override
  public Map<String, NDArray> parameters() {
    return model.parameters();
  }

  @Override
  public NDArray forward(NDArray inputIds, NDArray positionIds, NDArray attentionBias) {
    return model.forward(inputIds, positionIds, attentionBias);
  }

  @Override
  public void save(Path outDir) {
    model.save(outDir);
  }

  @Override
  public void close() {
    model.close();
  }
}
