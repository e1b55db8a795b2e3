package io.github.ssft4j.train.internal.gfpo;

import io.github.ssft4j.GfpoConfig.ScaleRewards;

/**
 * Group-normalised advantages as TRL's GRPO computes them: each reward minus its group's mean, divided by the
 * (unbiased, {@code n - 1}) standard deviation of its group, of the whole step, or by nothing, plus epsilon.
 */
public final class Advantages {
  private Advantages() {}

  /**
   * @param rewards {@code [B][G]} rewards, one row per question
   * @param scale which standard deviation divides
   * @param epsilon added to it
   * @return {@code [B][G]} advantages
   */
  public static double[][] of(double[][] rewards, ScaleRewards scale, double epsilon) {
    int b = rewards.length;
    double[][] out = new double[b][];
    double batchStd = scale == ScaleRewards.BATCH ? std(flatten(rewards)) : 0;
    for (int q = 0; q < b; q++) {
      double[] r = rewards[q];
      double mean = mean(r);
      double divisor = switch (scale) {
        case GROUP -> std(r) + epsilon;
        case BATCH -> batchStd + epsilon;
        case NONE -> 1;
      };
      out[q] = new double[r.length];
      for (int g = 0; g < r.length; g++) {
        out[q][g] = (r[g] - mean) / divisor;
      }
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  /** The unbiased standard deviation (0 for fewer than two values), as {@code torch.std}. */
  static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static double[] flatten(double[][] v) {
    int n = 0;
    for (double[] r : v) {
      n += r.length;
    }
    double[] out = new double[n];
    int i = 0;
    for (double[] r : v) {
      System.arraycopy(r, 0, out, i, r.length);
      i += r.length;
    }
    return out;
  }
}
