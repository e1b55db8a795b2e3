package io.github.ssft4j.eval;

import java.util.Locale;

/**
 * A point estimate with its bootstrap confidence interval.
 *
 * @param value the estimate on all problems
 * @param lower the interval's lower bound
 * @param upper the interval's upper bound
 */
public record Estimate(double value, double lower, double upper) {
  /** @return {@code value [lower, upper]} with three decimals */
  public String format() {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, lower, upper);
  }
}
