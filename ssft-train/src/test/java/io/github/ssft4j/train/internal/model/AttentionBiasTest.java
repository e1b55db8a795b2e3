package io.github.ssft4j.train.internal.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The {@code attentionBias} argument: two sequences packed into one row with a block-diagonal causal bias and
 * restarting positions give the logits of separate runs; a left-padded row gives the logits of the unpadded one.
 */
class AttentionBiasTest {

  @Test
  void packedAndLeftPaddedRowsMatchSeparateRuns() {
    long[] a = Arrays.copyOf(ModelTesting.q0PromptIds(), 25);
    long[] b = Arrays.copyOfRange(ModelTesting.q0PromptIds(), 5, 39);
    try (Qwen2Model model = Qwen2Model.load(ModelTesting.tinyHf())) {
      int v = model.config().vocabSize();
      float[] la = ModelTesting.logits(model, a);
      float[] lb = ModelTesting.logits(model, b);
      int t = a.length + b.length;
      long[] ids = new long[t];
      long[] pos = new long[t];
      float[] bias = new float[t * t];
      Arrays.fill(bias, Qwen2Model.MASKED);
      for (int i = 0; i < t; i++) {
        boolean first = i < a.length;
        ids[i] = first ? a[i] : b[i - a.length];
        pos[i] = first ? i : i - a.length;
        int start = first ? 0 : a.length;
        for (int j = start; j <= i; j++) {
          bias[i * t + j] = 0f;
        }
      }
      // row 2: b left-padded to t with pad id 0, positions 0.. over the real tokens
      int pad = t - b.length;
      long[] ids2 = new long[t];
      long[] pos2 = new long[t];
      float[] bias2 = new float[t * t];
      Arrays.fill(bias2, Qwen2Model.MASKED);
      for (int i = 0; i < t; i++) {
        ids2[i] = i < pad ? 0 : b[i - pad];
        pos2[i] = i < pad ? 1 : i - pad;
        for (int j = pad; j <= i; j++) {
          bias2[i * t + j] = 0f;
        }
      }
      float[] out;
      try (NDManager m = model.manager().newSubManager()) {
        long[] allIds = concat(ids, ids2);
        long[] allPos = concat(pos, pos2);
        float[] allBias = new float[2 * t * t];
        System.arraycopy(bias, 0, allBias, 0, t * t);
        System.arraycopy(bias2, 0, allBias, t * t, t * t);
        NDArray logits = model.forward(m.create(allIds, new Shape(2, t)), m.create(allPos, new Shape(2, t)),
            m.create(allBias, new Shape(2, 1, t, t)));
        out = logits.toFloatArray();
      }
      double packed = Math.max(
          ModelTesting.maxAbsDiff(la, Arrays.copyOfRange(out, 0, a.length * v)),
          ModelTesting.maxAbsDiff(lb, Arrays.copyOfRange(out, a.length * v, t * v)));
      double padded = ModelTesting.maxAbsDiff(lb, Arrays.copyOfRange(out, (t + pad) * v, 2 * t * v));
      assertTrue(packed < 1e-5, "packed row differs by " + packed);
      assertTrue(padded < 1e-5, "left-padded row differs by " + padded);
    }
  }

  private static long[] concat(long[] x, long[] y) {
    long[] r = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, r, x.length, y.length);
    return r;
  }
}
