package io.github.ssft4j.train.internal.ssft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Right-padded training examples with next-token targets and a loss weight of 1 on every trace token (the
 * terminator included) and 0 on prompt, tag and padding.
 *
 * @param ids {@code [B * T]} token ids
 * @param targets {@code [B * T]} the next token of each position
 * @param weights {@code [B * T]} 1 where the target is a trace token
 * @param rows {@code B}
 * @param length {@code T}
 * @param scoredTokens the number of weighted positions
 */
public record ExampleBatch(long[] ids, long[] targets, float[] weights, int rows, int length, int scoredTokens) {

  /**
   * One example: the tokens, and where the trace starts.
   *
   * @param tokens prompt + tag prefix + trace (+ terminator)
   * @param traceStart the index of the first trace token
   */
  public record Example(int[] tokens, int traceStart) {}

  /**
   * @param examples the examples
   * @param maxLen longer examples are cut to this many tokens
   * @return the batch
   */
  public static ExampleBatch of(List<Example> examples, int maxLen) {
    int t = 0;
    for (Example e : examples) {
      t = Math.max(t, Math.min(maxLen, e.tokens().length));
    }
    int b = examples.size();
    long[] ids = new long[b * t];
    long[] targets = new long[b * t];
    float[] weights = new float[b * t];
    int scored = 0;
    for (int r = 0; r < b; r++) {
      int[] tok = examples.get(r).tokens();
      int len = Math.min(maxLen, tok.length);
      for (int p = 0; p < len; p++) {
        ids[r * t + p] = tok[p];
        if (p + 1 < len) {
          targets[r * t + p] = tok[p + 1];
          if (p + 1 >= examples.get(r).traceStart()) {
            weights[r * t + p] = 1f;
            scored++;
          }
        }
      }
    }
    return new ExampleBatch(ids, targets, weights, b, t, scored);
  }

  /**
   * The summed negative log-likelihood of the weighted targets times {@code scale}, differentiable inside a
   * gradient collector. {@code scale} is an array owned by {@code m}, not a Java number: a temporary scalar can be
   * freed before backward reads it (see the engineering notes).
   *
   * @param model the decoder
   * @param m the step's manager
   * @param scale a scalar array in {@code m}
   * @return a scalar loss
   */
  public NDArray loss(CausalLm model, NDManager m, NDArray scale) {
    NDArray idArr = m.create(ids, new Shape(rows, length));
    long[] pos = new long[rows * length];
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < length; p++) {
        pos[r * length + p] = p;
      }
    }
    NDArray posArr = m.create(pos, new Shape(rows, length));
    NDArray logits = model.forward(idArr, posArr, null);
    NDArray logp = logits.logSoftmax(2).gather(m.create(targets, new Shape(rows, length, 1)), 2);
    NDArray w = m.create(weights, new Shape(rows, length, 1));
    return logp.mul(w).sum().neg().mul(scale);
  }
}
