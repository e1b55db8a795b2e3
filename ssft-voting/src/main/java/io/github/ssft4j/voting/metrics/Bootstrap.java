package io.github.ssft4j.voting.metrics;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Percentile bootstrap confidence intervals for a mean of per-problem scores. */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * A confidence interval.
   *
   * @param mean the sample mean
   * @param lower the lower bound
   * @param upper the upper bound
   * @param level the confidence level, e.g. 0.95
   */
  public record Interval(double mean, double lower, double upper, double level) {}

  /**
   * @param scores per-problem scores (e.g. 0/1 correctness or Cons@k), at least one
   * @param resamples bootstrap resamples, {@code >= 1}
   * @param level confidence level in {@code (0, 1)}
   * @param seed resampling seed
   * @return the mean and its percentile interval
   * @throws InvalidArgumentException on empty scores or bad parameters
   */
  public static Interval meanInterval(double[] scores, int resamples, double level, long seed) {
    if (scores.length == 0 || resamples < 1 || !(level > 0 && level < 1)) {
      throw new InvalidArgumentException("bootstrap needs scores, resamples >= 1 and level in (0, 1); got "
          + scores.length + " scores, resamples=" + resamples + ", level=" + level);
    }
    double mean = Arrays.stream(scores).average().orElse(0);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < scores.length; i++) {
        sum += scores[rnd.nextInt(scores.length)];
      }
      means[r] = sum / scores.length;
    }
    Arrays.sort(means);
    double alpha = (1 - level) / 2;
    return new Interval(mean, quantile(means, alpha), quantile(means, 1 - alpha), level);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
