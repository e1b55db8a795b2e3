package io.github.ssft4j.train.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap over questions: resample the question indices with replacement, recompute the statistic,
 * take the 2.5th and 97.5th percentiles. Seeded, so a results page is reproducible. Paired statistics (a
 * difference between two methods on the same questions) use the same resampled indices for both.
 */
public final class Bootstrap {
  /** A point estimate with its 95% interval. @param value the estimate @param lower 2.5% @param upper 97.5% */
  public record Interval(double value, double lower, double upper) {
    /** @return {@code value [lower, upper]} with three decimals */
    public String format() {
      return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]", value, lower, upper);
    }
  }

  private Bootstrap() {}

  /**
   * @param n questions
   * @param statistic computes the statistic from resampled question indices
   * @param resamples bootstrap replicates, e.g. 2000
   * @param seed the seed
   * @return the statistic on all questions with its 95% interval
   */
  public static Interval interval(int n, ToDoubleFunction<int[]> statistic, int resamples, long seed) {
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    double value = statistic.applyAsDouble(identity);
    SplittableRandom random = new SplittableRandom(seed);
    double[] reps = new double[resamples];
    int[] idx = new int[n];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        idx[i] = random.nextInt(n);
      }
      reps[r] = statistic.applyAsDouble(idx);
    }
    Arrays.sort(reps);
    return new Interval(value, reps[(int) Math.floor(0.025 * (resamples - 1))],
        reps[(int) Math.ceil(0.975 * (resamples - 1))]);
  }
}
