package io.github.ssft4j.train.internal.ssft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The decoder the trainer fine-tunes: the part of {@code io.github.ssft4j.train.internal.model.Qwen2Model} it needs, so the
 * training loop does not depend on one architecture.
 */
public interface CausalLm extends AutoCloseable {
  /** @return the manager that owns the parameters */
  NDManager manager();

  /** @return trainable parameters by checkpoint name, in a stable order */
  Map<String, NDArray> parameters();

  /**
   * @param inputIds {@code [B, T]} int64
   * @param positionIds {@code [B, T]} int64
   * @param attentionBias {@code [B, 1, T, T]} float32 additive mask, or {@code null} for plain causal masking
   * @return logits {@code [B, T, vocab]} float32 in {@code inputIds}' manager
   */
  NDArray forward(NDArray inputIds, NDArray positionIds, NDArray attentionBias);

  /** @param outDir where to write a Hugging Face checkpoint (atomically) */
  void save(Path outDir);

  @Override
  void close();
}
