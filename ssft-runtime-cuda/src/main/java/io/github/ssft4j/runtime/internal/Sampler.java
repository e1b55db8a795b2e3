package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Picks the next token of one branch from its logits: arg-max when the temperature is 0, otherwise a draw from
 * the temperature-scaled distribution restricted by top-k then top-p, using the branch's seeded generator. The
 * log-probability kept is the chosen token's under the temperature-scaled (not truncated) distribution.
 *
 * <p>The cost is linear in the vocabulary whatever the distribution's shape: top-k and top-p sets are found by
 * a radix selection on the probabilities' float bits (histograms of mass or counts, coarse bits first), never by
 * sorting, so a flat distribution over 151,936 tokens costs what a peaked one does. The set kept is exact: the
 * largest probabilities (ties broken towards lower token ids) whose mass first reaches {@code topP}; the draw then
 * walks the kept tokens in id order. Logits are read in place from the runtime's buffer, and every scratch array is
 * kept across steps: no allocation per token.
 */
final class Sampler {
  private static final double EXP_CUTOFF = 40;
  /** Level-0 buckets: a probability in [0, 1] has float bits at most 0x3F800000, so the top 16 bits <= 0x3F80. */
  private static final int TOP_BUCKETS = 0x3F81;

  private final GenerationOptions options;
  private final SplittableRandom random;
  private float lastLogProb;
  // Scratch reused across steps: one sampler serves one branch, on one thread.
  private double[] probs = new double[0];
  // The probabilities' float bits (monotone in the value): every selection pass compares these ints.
  private int[] bits = new int[0];
  private int[] candidates = new int[0];
  private final double[] topMass = new double[TOP_BUCKETS];
  private final int[] topCount = new int[TOP_BUCKETS];
  private final double[] lowMass = new double[256];
  private final int[] lowCount = new int[256];
  // The kept set of the last selection: bits above threshold, or equal to it at ids up to lastTie.
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

  /**
   * Temperatures below this decode greedily: the scaled distribution is then a point mass on the arg-max to
   * within float precision, and {@code 1 / t} could overflow.
   */
  static final double GREEDY_BELOW = 1e-6;

  int next(float[] logits) {
    return next(FloatBuffer.wrap(logits), 0, logits.length);
  }

  /** Samples from the {@code vocab} logits stored at {@code offset} of {@code logits}, read in place. */
  int next(FloatBuffer logits, int offset, int vocab) {
    boolean greedy = options.greedy() || options.temperature() < GREEDY_BELOW;
    double t = greedy ? 1.0 : options.temperature();
    float max = Float.NEGATIVE_INFINITY;
    int arg = 0;
    for (int i = 0; i < vocab; i++) {
      float l = logits.get(offset + i);
      if (l > max) {
        max = l;
        arg = i;
      }
    }
    if (!(max > Float.NEGATIVE_INFINITY && max < Float.POSITIVE_INFINITY)) {
      throw new GenerationException("the model produced no finite logit over its " + vocab
          + " vocabulary entries (largest " + max + "): the weights of model.onnx are broken");
    }
    if (probs.length != vocab) {
      probs = new double[vocab];
      bits = new int[vocab];
      candidates = new int[vocab];
    }
    double[] p = probs;
    int[] key = bits;
    boolean nucleus = !greedy && options.topK() == 0 && options.topP() < 1;
    if (nucleus) {
      java.util.Arrays.fill(topMass, 0);
    }
    double z = 0;
    // Tokens more than 40 nats below the best (weight under 4e-18) are left at 0: this skips most exp calls.
    float cutoff = (float) (max - EXP_CUTOFF * t);
    double inverse = 1 / t;
    for (int i = 0; i < vocab; i++) {
      float l = logits.get(offset + i);
      // The arg-max always counts, even when the float cutoff rounds up to the maximum itself.
      double e = l > cutoff || i == arg ? expNonPositive((l - max) * inverse) : 0;
      p[i] = e;
      z += e;
      int b = Float.floatToRawIntBits((float) e);
      key[i] = b;
      if (nucleus) {
        // The top-p selection's first histogram, built in the same pass.
        topMass[b >>> 16] += e;
      }
    }
    int token;
    if (greedy) {
      token = arg;
    } else if (options.topK() == 0 && options.topP() >= 1) {
      token = drawAll(p, z, vocab);
    } else if (nucleus) {
      selectByMass(p, null, vocab, options.topP() * z);
      token = drawKept(p, vocab);
    } else {
      token = drawTopK(p, vocab);
    }
    lastLogProb = (float) Math.log(p[token] / z);
    return token;
  }

  private static final double LOG2_E = 1.4426950408889634;
  // Taylor coefficients of 2^f = e^(f ln 2), f in [0, 1): (ln 2)^i / i!
  private static final double[] EXP2 = new double[10];

  static {
    double term = 1;
    for (int i = 0; i < EXP2.length; i++) {
      EXP2[i] = term;
      term = term * Math.log(2) / (i + 1);
    }
  }

  /**
   * {@code e^x} for {@code -40 <= x <= 0}, within 4e-9 relative error (far below float precision): 2^x split into
   * an exact power of two and a polynomial on the fraction. About 4x faster than {@link Math#exp} here, and this
   * loop runs once per vocabulary entry per branch per step.
   */
  static double expNonPositive(double x) {
    double y = x * LOG2_E;
    double n = Math.floor(y);
    double f = y - n;
    double p = EXP2[9];
    for (int i = 8; i >= 0; i--) {
      p = p * f + EXP2[i];
    }
    return p * Double.longBitsToDouble(((long) n + 1023) << 52);
  }

  /** The whole distribution: walk the ids until the cumulative weight passes the draw. */
  private int drawAll(double[] p, double z, int vocab) {
    double u = random.nextDouble() * z;
    double cum = 0;
    int last = 0;
    for (int i = 0; i < vocab; i++) {
      if (p[i] > 0) {
        cum += p[i];
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /** Top-k, then top-p within it when set. */
  private int drawTopK(double[] p, int vocab) {
    int k = Math.min(options.topK(), vocab);
    selectByCount(p, vocab, k);
    if (options.topP() < 1) {
      // Gather the top-k (in id order) and select the nucleus among them.
      int m = gatherKept(p, vocab, candidates);
      double kept = 0;
      java.util.Arrays.fill(topMass, 0);
      for (int j = 0; j < m; j++) {
        double e = p[candidates[j]];
        kept += e;
        topMass[bits[candidates[j]] >>> 16] += e;
      }
      selectByMass(p, candidates, m, options.topP() * kept);
    }
    return drawKept(p, vocab);
  }

  /** Writes the kept ids into {@code out} in id order; returns how many. */
  private int gatherKept(double[] p, int vocab, int[] out) {
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
    int b = bits[i];
    return b > threshold || (b == threshold && i <= lastTie);
  }

  /** Draws among the kept set, walking it in id order. */
  private int drawKept(double[] p, int vocab) {
    double u = random.nextDouble() * keptMass;
    double cum = 0;
    int last = -1;
    int[] key = bits;
    int t = threshold;
    for (int i = 0; i < vocab; i++) {
      int b = key[i];
      if (b > 0 && (b > t || (b == t && i <= lastTie))) {
        double e = p[i];
        cum += e;
        last = i;
        if (u < cum) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * Finds the smallest set of largest probabilities (ties towards lower ids) whose mass reaches {@code target}
   * among the ids {@code among[0..m)} in id order, or among ids {@code 0..m-1} when {@code among} is null, given
   * {@link #topMass} filled over them; sets {@link #threshold}, {@link #lastTie}, {@link #keptMass}.
   */
  private void selectByMass(double[] p, int[] among, int m, double target) {
    int bucket = TOP_BUCKETS - 1;
    double above = 0;
    while (bucket > 0 && above + topMass[bucket] < target) {
      above += topMass[bucket--];
    }
    // The boundary bucket's members, in id order (in place when among is the scratch array: n <= j).
    int n = 0;
    for (int j = 0; j < m; j++) {
      int i = among == null ? j : among[j];
      if (bits[i] >>> 16 == bucket) {
        candidates[n++] = i;
      }
    }
    refine(p, candidates, n, bucket << 16, above, target, true);
  }

  /** The {@code k} largest probabilities (ties towards lower ids). */
  private void selectByCount(double[] p, int vocab, int k) {
    java.util.Arrays.fill(topCount, 0);
    for (int i = 0; i < vocab; i++) {
      topCount[bits[i] >>> 16]++;
    }
    int bucket = TOP_BUCKETS - 1;
    int above = 0;
    while (bucket > 0 && above + topCount[bucket] < k) {
      above += topCount[bucket--];
    }
    int m = 0;
    for (int i = 0; i < vocab; i++) {
      if (bits[i] >>> 16 == bucket) {
        candidates[m++] = i;
      }
    }
    refine(p, candidates, m, bucket << 16, above, k, false);
    // keptMass for the draw.
    double kept = 0;
    for (int i = 0; i < vocab; i++) {
      if (kept(i)) {
        kept += p[i];
      }
    }
    keptMass = kept;
  }

  /**
   * Narrows the boundary bucket (ids {@code c[0..m)} in id order, sharing the float bits above bit 16 with
   * {@code prefix}) by bits 15..8, then 7..0, then ties in id order, until the weight (mass, or count when
   * {@code !byMass}) above plus the kept part reaches {@code target}.
   */
  private void refine(double[] p, int[] c, int m, int prefix, double above, double target, boolean byMass) {
    for (int shift = 8; shift >= 0; shift -= 8) {
      java.util.Arrays.fill(lowMass, 0);
      java.util.Arrays.fill(lowCount, 0);
      for (int j = 0; j < m; j++) {
        double e = p[c[j]];
        int digit = (bits[c[j]] >>> shift) & 0xFF;
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
        if ((bits[c[j]] & mask) == prefix) {
          c[n++] = c[j];
        }
      }
      m = n;
    }
    // All of c now share one float value: keep them in id order until the target is reached.
    int tie = m > 0 ? c[m - 1] : -1;
    for (int j = 0; j < m; j++) {
      above += byMass ? p[c[j]] : 1;
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
