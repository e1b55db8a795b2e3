package io.github.ssft4j.voting.metrics;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap confidence intervals over problems: resample the problem indices with replacement,
 * recompute the statistic, take the percentiles. Seeded, so a results page is reproducible. A paired statistic
 * (the difference of two methods on the same problems) is one statistic over the shared resampled indices.
 *
 * <pre>{@code
 * double[] correct = {1, 0, 1, 1, 0, 1}; // one score per problem
 * Bootstrap.Interval acc = Bootstrap.meanInterval(correct, 2000, 0.95, 7L);
 *
 * double[] a = {1, 0, 1, 1}, b = {0, 0, 1, 1}; // two methods on the same problems
 * Bootstrap.Interval diff = Bootstrap.interval(a.length,
 *     idx -> Arrays.stream(idx).mapToDouble(i -> a[i] - b[i]).average().orElse(0), 2000, 7L);
 * }</pre>
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * A point estimate with its confidence interval.
   *
   * @param estimate the statistic on the full sample
   * @param lower the lower bound
   * @param upper the upper bound
   * @param level the confidence level, e.g. 0.95
   */
  public record Interval(double estimate, double lower, double upper, double level) {
    /** @return {@code estimate [lower, upper]} with three decimals */
    public String format() {
      return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", estimate, lower, upper);
    }
  }

  /**
   * @param scores per-problem scores (e.g. 0/1 correctness or Cons@k), at least one
   * @param resamples bootstrap resamples, {@code >= 1}
   * @param level confidence level in {@code (0, 1)}
   * @param seed resampling seed
   * @return the mean and its percentile interval
   * @throws InvalidArgumentException on empty scores or bad parameters
   */
  public static Interval meanInterval(double[] scores, int resamples, double level, long seed) {
    return interval(scores.length, idx -> {
      double sum = 0;
      for (int i : idx) {
        sum += scores[i];
      }
      return sum / idx.length;
    }, resamples, level, seed);
  }

  /**
   * The 95% interval of any statistic of the problems.
   *
   * @param n problems, at least one
   * @param statistic the statistic computed from (resampled) problem indices
   * @param resamples bootstrap resamples, {@code >= 1}
   * @param seed resampling seed
   * @return the statistic on all problems with its 95% percentile interval
   */
  public static Interval interval(int n, ToDoubleFunction<int[]> statistic, int resamples, long seed) {
    return interval(n, statistic, resamples, 0.95, seed);
  }

  /**
   * @param n problems, at least one
   * @param statistic the statistic computed from (resampled) problem indices
   * @param resamples bootstrap resamples, {@code >= 1}
   * @param level confidence level in {@code (0, 1)}
   * @param seed resampling seed
   * @return the statistic on all problems with its percentile interval
   * @throws InvalidArgumentException on no problems or bad parameters
   */
  public static Interval interval(int n, ToDoubleFunction<int[]> statistic, int resamples, double level,
      long seed) {
    if (n < 1 || resamples < 1 || !(level > 0 && level < 1)) {
      throw new InvalidArgumentException("bootstrap needs problems, resamples >= 1 and level in (0, 1); got "
          + n + " problems, resamples=" + resamples + ", level=" + level);
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    double estimate = statistic.applyAsDouble(idx);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] reps = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        idx[i] = rnd.nextInt(n);
      }
      reps[r] = statistic.applyAsDouble(idx);
    }
    Arrays.sort(reps);
    double alpha = (1 - level) / 2;
    return new Interval(estimate, quantile(reps, alpha), quantile(reps, 1 - alpha), level);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
