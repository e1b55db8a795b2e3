package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingConfig.Packing;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.train.internal.data.EncodedRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes SSFT's cost matrices without gradient: {@code C[i][j]} = mean negative log-likelihood of the first
 * {@code L} tokens of trace {@code j} (the terminator counts as a trace token) given the prompt and tag
 * {@code i}. The {@code N * M} segments of a question are packed into one forward ({@link Packing}).
 */
public final class CostPass {
  private final CausalLm model;
  private final int prefixTokens;
  private final Packing packing;

  /**
   * @param model the decoder
   * @param prefixTokens {@code L}, how many leading trace tokens are scored, {@code >= 1}
   * @param packing the layout
   */
  public CostPass(CausalLm model, int prefixTokens, Packing packing) {
    if (prefixTokens < 1) {
      throw new InvalidArgumentException("cost prefix length L must be >= 1, got " + prefixTokens);
    }
    this.model = model;
    this.prefixTokens = prefixTokens;
    this.packing = packing;
  }

  /**
   * The paper's default {@code L = floor(maxSeqLen / (N * M))}, at least 1.
   *
   * @param maxSeqLen the training sequence budget
   * @param tags {@code N}
   * @param traces {@code M}
   * @return {@code L}
   */
  public static int defaultPrefixTokens(int maxSeqLen, int tags, int traces) {
    return Math.max(1, maxSeqLen / (tags * traces));
  }

  /** @return {@code L} */
  public int prefixTokens() {
    return prefixTokens;
  }

  /**
   * @param records the questions
   * @param manager a short-lived manager for this pass
   * @return {@code cost[r][i][j]} for record {@code r}, tag {@code i}, trace {@code j}
   */
  public double[][][] costs(List<EncodedRecord> records, NDManager manager) {
    PackedSequences packed = new PackedSequences();
    // spans.get(r)[i][j] = the scored trace tokens of segment (i, j) of record r
    List<PackedSequences.Span[][]> spans = new ArrayList<>();
    for (EncodedRecord rec : records) {
      int n = rec.tagPrefixes().length;
      int m = rec.traceCount();
      PackedSequences.Span[][] cell = new PackedSequences.Span[n][m];
      if (packing == Packing.SHARED_PROMPT) {
        packed.newRow(rec.prompt());
      } else if (packing == Packing.BLOCK_DIAGONAL) {
        packed.newRow(new int[0]);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          if (packing == Packing.NONE) {
            packed.newRow(new int[0]);
          }
          int[] head = packing == Packing.SHARED_PROMPT ? rec.tagPrefixes()[i] : concat(rec.prompt(),
              rec.tagPrefixes()[i]);
          int[] trace = rec.traces()[j];
          int len = Math.min(prefixTokens, trace.length);
          int[] seg = new int[head.length + len];
          System.arraycopy(head, 0, seg, 0, head.length);
          System.arraycopy(trace, 0, seg, head.length, len);
          PackedSequences.Span s = packed.add(seg);
          cell[i][j] = new PackedSequences.Span(s.row(), s.start() + head.length, len);
        }
      }
      spans.add(cell);
    }
    float[] nll = tokenNll(packed, packing != Packing.NONE, manager);
    int t = packed.length();
    double[][][] out = new double[records.size()][][];
    for (int r = 0; r < records.size(); r++) {
      PackedSequences.Span[][] cell = spans.get(r);
      out[r] = new double[cell.length][cell[0].length];
      for (int i = 0; i < cell.length; i++) {
        for (int j = 0; j < cell[i].length; j++) {
          PackedSequences.Span s = cell[i][j];
          double sum = 0;
          for (int k = 0; k < s.length(); k++) {
            // the token at index p is predicted by the logits at p - 1, which is in the same segment
            sum += nll[s.row() * t + s.start() + k - 1];
          }
          out[r][i][j] = sum / s.length();
        }
      }
    }
    return out;
  }

  /**
   * Runs the model once over packed rows.
   *
   * @return {@code nll[b * T + p]} = {@code -log p(ids[p + 1] | ids[..p])} in row {@code b} (last column unused)
   */
  private float[] tokenNll(PackedSequences packed, boolean withBias, NDManager manager) {
    int b = packed.rows();
    int t = packed.length();
    long[] ids = packed.ids();
    long[] next = new long[ids.length];
    for (int r = 0; r < b; r++) {
      for (int p = 0; p + 1 < t; p++) {
        next[r * t + p] = ids[r * t + p + 1];
      }
    }
    try (NDManager m = manager.newSubManager()) {
      NDArray idArr = m.create(ids, new Shape(b, t));
      NDArray pos = m.create(packed.positions(), new Shape(b, t));
      NDArray bias = withBias ? m.create(packed.attentionBias(), new Shape(b, 1, t, t)) : null;
      NDArray logits = model.forward(idArr, pos, bias);
      NDArray picked = logits.logSoftmax(2).gather(m.create(next, new Shape(b, t, 1)), 2);
      float[] logp = picked.toFloatArray();
      for (int i = 0; i < logp.length; i++) {
        logp[i] = -logp[i];
      }
      return logp;
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
