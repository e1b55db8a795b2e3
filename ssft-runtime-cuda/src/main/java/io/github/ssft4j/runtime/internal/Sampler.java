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
 */
final class Sampler {
  private static final double EXP_CUTOFF = 40;

  private final GenerationOptions options;
  private final SplittableRandom random;
  private float lastLogProb;
  // Scratch reused across steps: one sampler serves one branch, on one thread.
  private double[] probs = new double[0];
  private long[] keys = new long[0];
  private float[] row = new float[0];

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

  /** Samples from {@code vocab} logits stored at {@code offset} of {@code buffer} (copied into scratch once). */
  int next(FloatBuffer buffer, int offset, int vocab) {
    if (row.length != vocab) {
      row = new float[vocab];
    }
    buffer.get(offset, row);
    return next(row);
  }

  /**
   * Temperatures below this decode greedily: the scaled distribution is then a point mass on the arg-max to
   * within float precision, and {@code 1 / t} could overflow.
   */
  static final double GREEDY_BELOW = 1e-6;

  int next(float[] logits) {
    boolean greedy = options.greedy() || options.temperature() < GREEDY_BELOW;
    double t = greedy ? 1.0 : options.temperature();
    float max = Float.NEGATIVE_INFINITY;
    int arg = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] > max) {
        max = logits[i];
        arg = i;
      }
    }
    if (!(max > Float.NEGATIVE_INFINITY && max < Float.POSITIVE_INFINITY)) {
      throw new GenerationException("the model produced no finite logit over its " + logits.length
          + " vocabulary entries (largest " + max + "): the weights of model.onnx are broken");
    }
    if (probs.length != logits.length) {
      probs = new double[logits.length];
      keys = new long[logits.length];
    }
    double[] p = probs;
    double z = 0;
    // Tokens more than 40 nats below the best (weight under 4e-18) are left at 0: this skips most exp calls.
    float cutoff = (float) (max - EXP_CUTOFF * t);
    double inverse = 1 / t;
    for (int i = 0; i < logits.length; i++) {
      float l = logits[i];
      // The arg-max always counts, even when the float cutoff rounds up to the maximum itself.
      double e = l > cutoff || i == arg ? expNonPositive((l - max) * inverse) : 0;
      p[i] = e;
      z += e;
    }
    int token = greedy ? arg : draw(p, z);
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

  private int draw(double[] p, double z) {
    int n = p.length;
    if (options.topK() == 0 && options.topP() >= 1) {
      return scan(p, z, null, n);
    }
    // Candidates, largest first. Without top-k, a token below (1 - topP) / n of the mass can never be inside the
    // nucleus (all tokens at or below it together hold less than 1 - topP), so only the few above are sorted.
    double floor = options.topK() == 0 ? (1 - options.topP()) / n * z : 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (p[i] >= floor) {
        // A positive float's bits order like its value: sort (probability, index) pairs as longs.
        keys[m++] = ((long) Float.floatToIntBits((float) (p[i] / z)) << 32) | i;
      }
    }
    Arrays.sort(keys, 0, m);
    int keep = options.topK() > 0 ? Math.min(options.topK(), m) : m;
    int[] order = new int[keep];
    double kept = 0;
    for (int j = 0; j < keep; j++) {
      order[j] = (int) keys[m - 1 - j];
      kept += p[order[j]];
    }
    if (options.topP() < 1) {
      // Smallest prefix whose share of the (top-k) mass reaches topP, at least one token.
      double target = options.topP() * (options.topK() > 0 ? kept : z);
      double cum = 0;
      int c = 0;
      while (c < keep) {
        cum += p[order[c++]];
        if (cum >= target) {
          break;
        }
      }
      keep = c;
      kept = cum;
    }
    return scan(p, kept, order, keep);
  }

  private int scan(double[] p, double total, int[] order, int n) {
    double u = random.nextDouble() * total;
    double cum = 0;
    int last = order == null ? n - 1 : order[n - 1];
    for (int j = 0; j < n; j++) {
      int i = order == null ? j : order[j];
      cum += p[i];
      if (u < cum) {
        return i;
      }
    }
    return last;
  }
}
