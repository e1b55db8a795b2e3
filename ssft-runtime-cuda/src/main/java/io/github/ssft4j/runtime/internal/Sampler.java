package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token of one branch from its logits: arg-max when the temperature is 0, otherwise a draw from
 * the temperature-scaled distribution restricted by top-k then top-p, using the branch's seeded generator. The
 * log-probability kept is the chosen token's under the temperature-scaled (not truncated) distribution.
 *
 * <p>The cost is linear in the vocabulary whatever the distribution's shape: top-k and top-p sets are found by
 * a radix selection on the weights' float bits (histograms of mass or counts, coarse bits first), never by
 * sorting, so a flat distribution over 151,936 tokens costs what a peaked one does. The set kept is exact: the
 * largest weights (ties broken towards lower token ids) whose mass first reaches {@code topP}. A nucleus draw is
 * a draw from the whole distribution, repeated until it lands in the kept set (exact, and {@code 1 / topP} draws
 * on average); blocks of summed weights make each draw walk one block, not the vocabulary.
 *
 * <p>At a real vocabulary the sampler is bound by memory traffic and arithmetic, so each pass is shaped for the
 * JIT's vector instructions: a row's logits are copied in one bulk move from the runtime's buffer into a heap
 * array (loops over a direct buffer do not vectorize), the weights are floats, and the exponential is branch-free
 * arithmetic ({@link #weight}). Every scratch array is kept across steps: no allocation per token.
 */
final class Sampler {
  /** Tokens more than this many nats (after temperature) below the best all weigh e^-40 (4e-18). */
  private static final float EXP_CUTOFF = 40;
  private static final int BLOCK = 256;
  /** Rejected draws before the nucleus draw walks the kept set instead (only a tiny top-p gets there). */
  private static final int MAX_REJECTIONS = 16;
  /** Level-0 buckets: a weight in [0, 1] has float bits at most 0x3F800000, so the top 16 bits <= 0x3F80. */
  private static final int TOP_BUCKETS = 0x3F81;

  /**
   * Temperatures below this decode greedily: the scaled distribution is then a point mass on the arg-max to
   * within float precision, and {@code 1 / t} could overflow.
   */
  static final double GREEDY_BELOW = 1e-6;

  private final GenerationOptions options;
  private final SplittableRandom random;
  private float lastLogProb;
  // Scratch reused across steps: one sampler serves one branch, on one thread.
  /**
   * The row's logits, then, overwritten in place (one array keeps the working set in cache), their weights
   * e^((l - max) / t), whose float bits (monotone in the value) are the selection keys.
   */
  private float[] weights = new float[0];
  private double[] blockMass = new double[0];
  private int[] candidates = new int[0];
  private final double[] topMass = new double[TOP_BUCKETS];
  private final int[] topCount = new int[TOP_BUCKETS];
  private final double[] lowMass = new double[256];
  private final int[] lowCount = new int[256];
  // The kept set of the last selection: weights above floor whose bits are above threshold, or equal to it at
  // ids up to lastTie.
  private float floor;
  private int threshold;
  private int lastTie;
  private double keptMass;

  /**
   * @param options temperature, top-p, top-k
   * @param seed the call's seed
   * @param branch the branch index: each branch gets its own stream
   */
  Sampler(GenerationOptions options, long seed, int branch) {
    this.options = options;
    // SplittableRandom's mixing decorrelates nearby seeds; the odd constant separates branches.
    this.random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (branch + 1L));
  }

  /** @return the log-probability of the token returned by the last {@link #next} */
  float lastLogProb() {
    return lastLogProb;
  }

  int next(float[] logits) {
    return next(FloatBuffer.wrap(logits), 0, logits.length);
  }

  /** Samples from the {@code vocab} logits stored at {@code offset} of {@code logits}. */
  int next(FloatBuffer logits, int offset, int vocab) {
    boolean greedy = options.greedy() || options.temperature() < GREEDY_BELOW;
    if (weights.length != vocab) {
      weights = new float[vocab];
      blockMass = new double[(vocab + BLOCK - 1) / BLOCK];
      candidates = new int[vocab];
    }
    float[] w = weights;
    logits.get(offset, w, 0, vocab);
    float max = max(w, vocab);
    if (!(max > Float.NEGATIVE_INFINITY && max < Float.POSITIVE_INFINITY)) {
      throw new GenerationException("the model produced no finite logit over its " + vocab
          + " vocabulary entries (largest " + max + "): the weights of model.onnx are broken");
    }
    int arg = greedy ? indexOf(w, vocab, max) : -1;
    weights(w, vocab, max, greedy ? 1f : (float) (1 / options.temperature()));
    double z = blockSums(w, vocab, blockMass);
    if (Double.isNaN(z)) {
      // A NaN weight makes the sum NaN: one check covers the whole row.
      throw new GenerationException("the model produced a NaN logit among its " + vocab + " vocabulary entries: "
          + "the weights of model.onnx are broken");
    }
    floor = -1;
    int token;
    if (greedy) {
      token = arg;
    } else if (options.topK() == 0 && options.topP() >= 1) {
      token = drawAll(w, z);
    } else if (options.topK() == 0) {
      floor = floorOf((1 - options.topP()) * z / vocab);
      nucleusHistogram(w, vocab);
      selectByMass(w, null, vocab, options.topP() * z);
      token = drawNucleus(w, z, vocab);
    } else {
      token = drawTopK(w, vocab);
    }
    lastLogProb = (float) Math.log(w[token] / z);
    return token;
  }

  /**
   * The largest logit, NaNs passed over (the caller rejects a row without a finite maximum). Four running maxima:
   * the comparisons overlap instead of waiting on each other.
   */
  private static float max(float[] l, int n) {
    float m0 = Float.NEGATIVE_INFINITY;
    float m1 = m0;
    float m2 = m0;
    float m3 = m0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      m0 = l[i] > m0 ? l[i] : m0;
      m1 = l[i + 1] > m1 ? l[i + 1] : m1;
      m2 = l[i + 2] > m2 ? l[i + 2] : m2;
      m3 = l[i + 3] > m3 ? l[i + 3] : m3;
    }
    for (; i < n; i++) {
      m0 = l[i] > m0 ? l[i] : m0;
    }
    return Math.max(Math.max(m0, m1), Math.max(m2, m3));
  }

  /** The first id holding {@code max}: the arg-max, ties towards lower ids. */
  private static int indexOf(float[] l, int n, float max) {
    for (int i = 0; i < n; i++) {
      if (l[i] == max) {
        return i;
      }
    }
    return 0;
  }

  /** {@code l[i] = weight(l[i], max, inverse)}, in place: one branch-free float loop, which the JIT vectorizes. */
  private static void weights(float[] l, int n, float max, float inverse) {
    for (int i = 0; i < n; i++) {
      l[i] = weight(l[i], max, inverse);
    }
  }

  // Taylor coefficients of e^y: 1 / i!
  private static final float C2 = 1f / 2;
  private static final float C3 = (float) (1.0 / 6);
  private static final float C4 = (float) (1.0 / 24);
  private static final float C5 = (float) (1.0 / 120);
  private static final float C6 = (float) (1.0 / 720);
  private static final float C7 = (float) (1.0 / 5040);
  private static final float C8 = (float) (1.0 / 40320);
  private static final float C9 = (float) (1.0 / 362880);
  private static final float C10 = (float) (1.0 / 3628800);
  /**
   * Whether the JIT compiles {@link Math#fma} to one instruction. Without hardware support it falls back to
   * exact big-decimal arithmetic, thousands of times slower: the polynomial then uses a multiply and an add.
   */
  private static final boolean FMA = HardwareFma.available();

  /**
   * A token's weight {@code e^x}, {@code x = max((logit - max) * inverse, -40)}, within 2e-5 relative error (so
   * log-probabilities within 2e-5 nats): {@code (e^(x/64))^64}, the inner exponential a degree-10 Taylor
   * polynomial on [-0.63, 0]. Arithmetic only (no bit tricks, table or rounding call): a loop of it compiles to
   * vector instructions, about 20x faster than {@link Math#exp} here, and it runs once per vocabulary entry per
   * branch per step.
   */
  static float weight(float logit, float max, float inverse) {
    float y = Math.max((logit - max) * inverse, -EXP_CUTOFF) * (1f / 64);
    float q;
    if (FMA) {
      q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(C10, y, C9), y, C8), y, C7), y,
          C6), y, C5), y, C4), y, C3), y, C2);
      q = Math.fma(Math.fma(q, y, 1), y, 1);
    } else {
      q = (((((((((C10 * y + C9) * y + C8) * y + C7) * y + C6) * y + C5) * y + C4) * y + C3) * y + C2) * y + 1)
          * y + 1;
    }
    q *= q;
    q *= q;
    q *= q;
    q *= q;
    q *= q;
    q *= q;
    return q;
  }

  /**
   * Fills {@code blocks} with the sums of {@code w} over consecutive blocks of {@link #BLOCK} ids and returns the
   * total, in double. Eight running sums per block: the additions overlap instead of waiting on each other.
   */
  private static double blockSums(float[] w, int n, double[] blocks) {
    double total = 0;
    for (int b = 0, start = 0; start < n; b++, start += BLOCK) {
      int end = Math.min(n, start + BLOCK);
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      int i = start;
      for (; i + 8 <= end; i += 8) {
        s0 += w[i];
        s1 += w[i + 1];
        s2 += w[i + 2];
        s3 += w[i + 3];
        s4 += w[i + 4];
        s5 += w[i + 5];
        s6 += w[i + 6];
        s7 += w[i + 7];
      }
      for (; i < end; i++) {
        s0 += w[i];
      }
      double block = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
      blocks[b] = block;
      total += block;
    }
    return total;
  }

  /**
   * The top-p selection's first histogram, of mass by the top 16 float bits. Tokens weighing at most
   * {@link #floor} {@code = (1 - topP) z / vocab} cannot be kept (all of them together weigh at most
   * {@code (1 - topP) z}), so they are left out: on a peaked distribution that is nearly the whole vocabulary.
   */
  private void nucleusHistogram(float[] w, int vocab) {
    Arrays.fill(topMass, 0);
    double[] mass = topMass;
    float light = floor;
    for (int i = 0; i < vocab; i++) {
      float e = w[i];
      if (e > light) {
        mass[Float.floatToRawIntBits(e) >>> 16] += e;
      }
    }
  }

  /** The largest float at most {@code x}: rounding the floor up could leave out a token that may be kept. */
  private static float floorOf(double x) {
    float f = (float) x;
    return f > x ? Math.nextDown(f) : f;
  }

  /** A draw from the whole distribution: find the block holding the draw, then walk its ids. */
  private int drawAll(float[] w, double z) {
    double u = random.nextDouble() * z;
    double[] blocks = blockMass;
    int b = 0;
    for (; b < blocks.length - 1 && u >= blocks[b]; b++) {
      u -= blocks[b];
    }
    // Rounding can leave u at or past the last cumulative sum: the block's last id takes it.
    int start = b * BLOCK;
    int end = Math.min(w.length, start + BLOCK);
    double cum = 0;
    for (int i = start; i < end; i++) {
      cum += w[i];
      if (u < cum) {
        return i;
      }
    }
    return end - 1;
  }

  /**
   * A draw from the nucleus: draws from the whole distribution until the token drawn is kept, which is exact (the
   * accepted draws follow the distribution restricted to the kept set) and takes {@code 1 / topP} draws on
   * average; after {@link #MAX_REJECTIONS} rejections it walks the kept set instead, which is exact too.
   */
  private int drawNucleus(float[] w, double z, int vocab) {
    for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
      int token = drawAll(w, z);
      if (kept(token)) {
        return token;
      }
    }
    return drawKept(w, vocab);
  }

  /** Top-k, then top-p within it when set. */
  private int drawTopK(float[] w, int vocab) {
    int k = Math.min(options.topK(), vocab);
    selectByCount(w, vocab, k);
    if (options.topP() < 1) {
      // Gather the top-k (in id order) and select the nucleus among them.
      int m = gatherKept(vocab, candidates);
      double kept = 0;
      Arrays.fill(topMass, 0);
      for (int j = 0; j < m; j++) {
        float e = w[candidates[j]];
        kept += e;
        topMass[Float.floatToRawIntBits(e) >>> 16] += e;
      }
      selectByMass(w, candidates, m, options.topP() * kept);
    }
    return drawKept(w, vocab);
  }

  /** Writes the kept ids into {@code out} in id order; returns how many. */
  private int gatherKept(int vocab, int[] out) {
    int m = 0;
    for (int i = 0; i < vocab; i++) {
      if (kept(i)) {
        out[m++] = i;
      }
    }
    return m;
  }

  /** @return whether the last top-k / top-p selection kept token {@code id} (for tests) */
  boolean keptLast(int id) {
    return kept(id);
  }

  private boolean kept(int i) {
    float e = weights[i];
    int b = Float.floatToRawIntBits(e);
    return e > floor && (b > threshold || (b == threshold && i <= lastTie));
  }

  /** Draws among the kept set, walking it in id order. */
  private int drawKept(float[] w, int vocab) {
    double u = random.nextDouble() * keptMass;
    double cum = 0;
    int last = -1;
    for (int i = 0; i < vocab; i++) {
      if (kept(i)) {
        cum += w[i];
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * Finds the smallest set of largest weights (ties towards lower ids) whose mass reaches {@code target} among
   * the ids {@code among[0..m)} in id order, or among ids {@code 0..m-1} when {@code among} is null, given
   * {@link #topMass} filled over them; sets {@link #threshold}, {@link #lastTie}, {@link #keptMass}.
   */
  private void selectByMass(float[] w, int[] among, int m, double target) {
    int bucket = TOP_BUCKETS - 1;
    double above = 0;
    while (bucket > 0 && above + topMass[bucket] < target) {
      above += topMass[bucket--];
    }
    // The boundary bucket's members, in id order (in place when among is the scratch array: n <= j).
    int n = 0;
    for (int j = 0; j < m; j++) {
      int i = among == null ? j : among[j];
      float e = w[i];
      if (Float.floatToRawIntBits(e) >>> 16 == bucket && e > floor) {
        candidates[n++] = i;
      }
    }
    refine(w, candidates, n, bucket << 16, above, target, true);
  }

  /** The {@code k} largest weights (ties towards lower ids). */
  private void selectByCount(float[] w, int vocab, int k) {
    Arrays.fill(topCount, 0);
    for (int i = 0; i < vocab; i++) {
      topCount[Float.floatToRawIntBits(w[i]) >>> 16]++;
    }
    int bucket = TOP_BUCKETS - 1;
    int above = 0;
    while (bucket > 0 && above + topCount[bucket] < k) {
      above += topCount[bucket--];
    }
    int m = 0;
    for (int i = 0; i < vocab; i++) {
      if (Float.floatToRawIntBits(w[i]) >>> 16 == bucket) {
        candidates[m++] = i;
      }
    }
    refine(w, candidates, m, bucket << 16, above, k, false);
    // keptMass for the draw.
    double kept = 0;
    for (int i = 0; i < vocab; i++) {
      if (kept(i)) {
        kept += w[i];
      }
    }
    keptMass = kept;
  }

  /**
   * Narrows the boundary bucket (ids {@code c[0..m)} in id order, sharing the float bits above bit 16 with
   * {@code prefix}) by bits 15..8, then 7..0, then ties in id order, until the weight (mass, or count when
   * {@code !byMass}) above plus the kept part reaches {@code target}.
   */
  private void refine(float[] w, int[] c, int m, int prefix, double above, double target, boolean byMass) {
    for (int shift = 8; shift >= 0; shift -= 8) {
      Arrays.fill(lowMass, 0);
      Arrays.fill(lowCount, 0);
      for (int j = 0; j < m; j++) {
        float e = w[c[j]];
        int digit = (Float.floatToRawIntBits(e) >>> shift) & 0xFF;
        lowMass[digit] += e;
        lowCount[digit]++;
      }
      int digit = 255;
      while (digit > 0 && above + (byMass ? lowMass[digit] : lowCount[digit]) < target) {
        above += byMass ? lowMass[digit] : lowCount[digit];
        digit--;
      }
      prefix |= digit << shift;
      int n = 0;
      int mask = shift == 8 ? 0xFFFFFF00 : 0xFFFFFFFF;
      for (int j = 0; j < m; j++) {
        if ((Float.floatToRawIntBits(w[c[j]]) & mask) == prefix) {
          c[n++] = c[j];
        }
      }
      m = n;
    }
    // All of c now share one float value: keep them in id order until the target is reached.
    int tie = m > 0 ? c[m - 1] : -1;
    for (int j = 0; j < m; j++) {
      above += byMass ? w[c[j]] : 1;
      if (above >= target) {
        tie = c[j];
        break;
      }
    }
    threshold = prefix;
    lastTie = tie;
    if (byMass) {
      keptMass = above;
    }
  }
}
