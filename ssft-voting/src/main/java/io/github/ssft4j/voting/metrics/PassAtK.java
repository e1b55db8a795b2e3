package io.github.ssft4j.voting.metrics;

import io.github.ssft4j.InvalidArgumentException;
import java.util.List;

/**
 * Sampling metrics: Pass@1 (mean accuracy) and the unbiased pass@k estimator of Chen et al. (2021),
 * {@code 1 - C(n - c, k) / C(n, k)} for {@code c} correct answers among {@code n} samples, computed as a product so
 * that it stays exact-to-rounding for large {@code n}.
 */
public final class PassAtK {
  private PassAtK() {}

  /**
   * @param n samples drawn, {@code >= 1}
   * @param c how many are correct, {@code 0..n}
   * @param k attempts allowed, {@code 1..n}
   * @return the unbiased estimate of the probability that at least one of {@code k} samples is correct
   * @throws InvalidArgumentException when the counts are inconsistent
   */
  public static double estimate(int n, int c, int k) {
    if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
      throw new InvalidArgumentException("pass@k needs 1 <= k <= n and 0 <= c <= n, got n=" + n + ", c=" + c
          + ", k=" + k);
    }
    if (n - c < k) {
      return 1.0;
    }
    // C(n-c, k) / C(n, k) = prod_{i = n-c+1}^{n} (1 - k / i)
    double ratio = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      ratio *= 1.0 - (double) k / i;
    }
    return 1.0 - ratio;
  }

  /**
   * @param correctness per problem, whether each of its samples is correct
   * @param k attempts allowed
   * @return pass@k averaged over problems
   * @throws InvalidArgumentException when a problem has fewer than {@code k} samples or the list is empty
   */
  public static double mean(List<boolean[]> correctness, int k) {
    if (correctness.isEmpty()) {
      throw new InvalidArgumentException("pass@k needs at least one problem");
    }
    double sum = 0;
    for (boolean[] samples : correctness) {
      sum += estimate(samples.length, count(samples), k);
    }
    return sum / correctness.size();
  }

  /**
   * @param correctness per problem, whether each of its samples is correct
   * @return Pass@1: the mean over problems of the fraction of correct samples
   */
  public static double passAt1(List<boolean[]> correctness) {
    return mean(correctness, 1);
  }

  static int count(boolean[] samples) {
    int c = 0;
    for (boolean b : samples) {
      if (b) {
        c++;
      }
    }
    return c;
  }
}
