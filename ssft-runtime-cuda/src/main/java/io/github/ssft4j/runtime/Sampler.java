package io.github.ssft4j.runtime;

import io.github.ssft4j.GenerationOptions;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token of one branch from its logits: arg-max when the temperature is 0, otherwise a draw from
 * the temperature-scaled distribution restricted by top-k then top-p, using the branch's seeded generator. The
 * log-probability kept is the chosen token's under the temperature-scaled (not truncated) distribution.
 */
final class Sampler {
  private final GenerationOptions options;
  private final SplittableRandom random;
  private float lastLogProb;

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
    double t = options.greedy() ? 1.0 : options.temperature();
    float max = Float.NEGATIVE_INFINITY;
    int arg = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] > max) {
        max = logits[i];
        arg = i;
      }
    }
    double[] p = new double[logits.length];
    double z = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp((logits[i] - max) / t);
      z += p[i];
    }
    int token = options.greedy() ? arg : draw(p, z);
    lastLogProb = (float) Math.log(p[token] / z);
    return token;
  }

  private int draw(double[] p, double z) {
    int n = p.length;
    if (options.topK() == 0 && options.topP() >= 1) {
      return scan(p, z, null, n);
    }
    // Sort by probability, largest first: a positive double's bits order like its value.
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      float f = (float) (p[i] / z);
      keys[i] = ((long) Float.floatToIntBits(f) << 32) | i;
    }
    Arrays.sort(keys);
    int keep = options.topK() > 0 ? Math.min(options.topK(), n) : n;
    int[] order = new int[keep];
    for (int j = 0; j < keep; j++) {
      order[j] = (int) keys[n - 1 - j];
    }
    double kept = 0;
    for (int j = 0; j < keep; j++) {
      kept += p[order[j]];
    }
    if (options.topP() < 1) {
      // Smallest prefix whose share of the top-k mass reaches topP (at least one token).
      double cum = 0;
      int m = 0;
      while (m < keep) {
        cum += p[order[m]];
        m++;
        if (cum >= options.topP() * kept) {
          break;
        }
      }
      keep = m;
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
