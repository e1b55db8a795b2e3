package io.github.ssft4j.train.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ssft4j.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-token negative log-likelihood of target sequences given prompts: the SSFT cost of a trace under a tag, and
 * the training loss of the matched pairs.
 *
 * <p>Prompt and target are tokenized separately and concatenated (as the reference cost matrix was computed);
 * sequences are right-padded, so plain causal masking suffices: a real position never attends to a later pad.
 */
public final class SequenceScorer {
  /** Sequences scored together by {@link #costMatrix}; bounds the {@code [B, T, vocab]} logits held at once. */
  private static final int CHUNK = 16;

  private final Qwen2Model model;

  /** @param model the model whose likelihoods are computed */
  public SequenceScorer(Qwen2Model model) {
    this.model = model;
  }

  /**
   * A right-padded batch of prompt + target sequences.
   *
   * @param inputIds {@code [B, T]} int64
   * @param positionIds {@code [B, T]} int64
   * @param labels {@code [B, T]} int64: at position {@code t} the next token when it is a target token, else 0
   * @param mask {@code [B, T]} float32: 1 where {@code labels} is a target token
   * @param promptLengths prompt length of each row
   * @param targetLengths target length of each row
   */
  public record Batch(NDArray inputIds, NDArray positionIds, NDArray labels, NDArray mask, int[] promptLengths,
      int[] targetLengths) {}

  /**
   * Builds a batch in {@code m}.
   *
   * @param padId the id placed in padding (never scored)
   * @throws InvalidArgumentException when the lists differ in size, or a prompt or target is empty
   */
  public static Batch batch(NDManager m, List<long[]> prompts, List<long[]> targets, long padId) {
    if (prompts.size() != targets.size() || prompts.isEmpty()) {
      throw new InvalidArgumentException("need as many prompts as targets, at least one: got " + prompts.size()
          + " prompts and " + targets.size() + " targets");
    }
    int b = prompts.size();
    int t = 0;
    for (int i = 0; i < b; i++) {
      if (prompts.get(i).length == 0 || targets.get(i).length == 0) {
        throw new InvalidArgumentException("row " + i + ": prompt and target must be non-empty");
      }
      t = Math.max(t, prompts.get(i).length + targets.get(i).length);
    }
    long[] ids = new long[b * t];
    long[] pos = new long[b * t];
    long[] labels = new long[b * t];
    float[] mask = new float[b * t];
    int[] pl = new int[b];
    int[] tl = new int[b];
    for (int i = 0; i < b; i++) {
      long[] p = prompts.get(i);
      long[] y = targets.get(i);
      pl[i] = p.length;
      tl[i] = y.length;
      int len = p.length + y.length;
      for (int k = 0; k < t; k++) {
        ids[i * t + k] = k < p.length ? p[k] : k < len ? y[k - p.length] : padId;
        pos[i * t + k] = k;
      }
      for (int k = p.length - 1; k < len - 1; k++) {
        labels[i * t + k] = y[k + 1 - p.length];
        mask[i * t + k] = 1f;
      }
    }
    Shape s = new Shape(b, t);
    return new Batch(m.create(ids, s), m.create(pos, s), m.create(labels, s), m.create(mask, s), pl, tl);
  }

  /**
   * Per-token NLL {@code [B, T]} (0 where {@link Batch#mask()} is 0), in the batch's manager; differentiable with
   * respect to the model parameters inside a {@code GradientCollector}. Row {@code i}'s target tokens sit at
   * positions {@code promptLengths[i] - 1 .. promptLengths[i] + targetLengths[i] - 2}.
   */
  public NDArray tokenNll(Batch batch) {
    NDManager m = batch.inputIds().getManager();
    NDArray logits = model.forward(batch.inputIds(), batch.positionIds(), null);
    NDArray logp = logits.logSoftmax(-1);
    NDArray picked = logp.gather(batch.labels().expandDims(-1), 2).squeeze(-1);
    NDArray out = picked.neg().mul(batch.mask());
    out.attach(m);
    return out;
  }

  /**
   * Per-row sums of {@link #tokenNll}: {@code [B]}, differentiable. Divide by the target lengths for means.
   */
  public NDArray sequenceNll(Batch batch) {
    return tokenNll(batch).sum(new int[] {1});
  }

  /**
   * Per-token NLL of each target given its prompt, computed without gradients.
   *
   * @return {@code result[i][k]} = {@code -log p(targets[i][k] | prompts[i], targets[i][0..k-1])}
   */
  public float[][] tokenNll(List<long[]> prompts, List<long[]> targets) {
    float[][] out = new float[prompts.size()][];
    for (int from = 0; from < prompts.size(); from += CHUNK) {
      int to = Math.min(prompts.size(), from + CHUNK);
      try (NDManager m = model.manager().newSubManager()) {
        Batch b = batch(m, prompts.subList(from, to), targets.subList(from, to), 0);
        float[] nll = tokenNll(b).toFloatArray();
        int t = (int) b.inputIds().getShape().get(1);
        for (int i = 0; i < to - from; i++) {
          float[] row = new float[b.targetLengths()[i]];
          System.arraycopy(nll, i * t + b.promptLengths()[i] - 1, row, 0, row.length);
          out[from + i] = row;
        }
      }
    }
    return out;
  }

  /**
   * Mean and summed token NLL of every trace under every tag prompt.
   *
   * @param tagPrompts {@code N} prompt token sequences (prompt + tag suffix)
   * @param traces {@code M} target sequences (trace + terminator)
   */
  public CostMatrix costMatrix(List<long[]> tagPrompts, List<long[]> traces) {
    List<long[]> ps = new ArrayList<>();
    List<long[]> ts = new ArrayList<>();
    for (long[] p : tagPrompts) {
      for (long[] y : traces) {
        ps.add(p);
        ts.add(y);
      }
    }
    float[][] nll = tokenNll(ps, ts);
    int n = tagPrompts.size();
    int mCount = traces.size();
    double[][] mean = new double[n][mCount];
    double[][] sum = new double[n][mCount];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < mCount; j++) {
        double s = 0;
        for (float v : nll[i * mCount + j]) {
          s += v;
        }
        sum[i][j] = s;
        mean[i][j] = s / nll[i * mCount + j].length;
      }
    }
    return new CostMatrix(mean, sum);
  }

  /**
   * An SSFT cost matrix.
   *
   * @param mean {@code [N tags][M traces]} mean token NLL
   * @param sum {@code [N tags][M traces]} summed token NLL
   */
  public record CostMatrix(double[][] mean, double[][] sum) {}
}
