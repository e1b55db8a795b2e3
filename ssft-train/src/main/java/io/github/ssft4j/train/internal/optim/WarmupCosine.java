package io.github.ssft4j.train.internal.optim;

import io.github.ssft4j.InvalidArgumentException;

/**
 * Learning-rate schedule: linear warm-up from {@code peak / warmup} to {@code peak} over the first
 * {@code warmup} steps, then cosine decay to {@code peak * minRatio} at the last step.
 *
 * @param peak the peak learning rate
 * @param warmup warm-up steps, {@code >= 0}
 * @param total total steps, {@code > warmup}
 * @param minRatio the final learning rate as a share of the peak, in {@code [0, 1]}
 */
public record WarmupCosine(double peak, int warmup, int total, double minRatio) {
  /** Validates the ranges. */
  public WarmupCosine {
    if (!(peak > 0) || warmup < 0 || total <= warmup || !(minRatio >= 0 && minRatio <= 1)) {
      throw new InvalidArgumentException("bad schedule: peak=" + peak + " warmup=" + warmup + " total=" + total
          + " minRatio=" + minRatio + " (need peak > 0, 0 <= warmup < total, 0 <= minRatio <= 1)");
    }
  }

  /**
   * @param step 0-based optimiser step
   * @return the learning rate of that step
   */
  public double at(int step) {
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    int span = total - warmup;
    double progress = span <= 1 ? 1.0 : Math.min(1.0, (double) (step - warmup) / (span - 1));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return peak * (minRatio + (1 - minRatio) * cosine);
  }
}
