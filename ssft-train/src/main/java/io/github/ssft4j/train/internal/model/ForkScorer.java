package io.github.ssft4j.train.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.runtime.internal.TagSequences;
import java.util.ArrayList;
import java.util.List;

/**
 * The fork distribution on the DJL model, differentiable: for each prompt, the log-probability of every tag's
 * token sequence after the prompt and the fork prefix ({@link TagSequences}), the same quantity the inference
 * backend computes. GFPO's policy is these log-probabilities renormalised over the tags.
 *
 * <p>All prompts and tags of a call go through one forward pass: row {@code q * N + i} is prompt {@code q}, the
 * fork prefix and tag {@code i}, right-padded (causal masking keeps pads out of every scored position).
 */
public final class ForkScorer {
  private final Qwen2Model model;
  private final TagSequences tags;

  /**
   * @param model the decoder
   * @param tags the fork prefix and tag sequences, from the model's tokenizer
   */
  public ForkScorer(Qwen2Model model, TagSequences tags) {
    this.model = model;
    this.tags = tags;
  }

  /** @return the tag sequences scored */
  public TagSequences tags() {
    return tags;
  }

  /**
   * @param m the manager of the result and every intermediate
   * @param prompts the prompts' ids (chat template applied, without fork prefix)
   * @return {@code [Q, N]} float32 log-probabilities of the tag sequences (not renormalised); differentiable with
   *     respect to the model's parameters inside a gradient collector
   */
  public NDArray tagLogProbs(NDManager m, List<long[]> prompts) {
    int n = tags.count();
    List<long[]> contexts = new ArrayList<>(prompts.size() * n);
    List<long[]> targets = new ArrayList<>(prompts.size() * n);
    for (long[] prompt : prompts) {
      long[] context = tags.context(prompt);
      for (long[] tag : tags.tags()) {
        contexts.add(context);
        targets.add(tag);
      }
    }
    SequenceScorer.Batch batch = SequenceScorer.batch(m, contexts, targets, 0);
    NDArray out = new SequenceScorer(model).sequenceNll(batch).neg().reshape(new Shape(prompts.size(), n));
    out.attach(m);
    return out;
  }

  /**
   * @param prompt one prompt's ids
   * @return its fork distribution, computed without gradients
   */
  public ForkDistribution distribution(long[] prompt) {
    try (NDManager m = model.manager().newSubManager()) {
      float[] l = tagLogProbs(m, List.of(prompt)).toFloatArray();
      double[] d = new double[l.length];
      for (int i = 0; i < l.length; i++) {
        d[i] = Math.min(0, l[i]);
      }
      return ForkDistribution.ofLogProbs(d);
    }
  }
}
