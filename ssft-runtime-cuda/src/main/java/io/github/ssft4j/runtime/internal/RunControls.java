package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.InvalidArgumentException;

/**
 * Engine settings of one {@link OnnxModel#run} call that are not sampling options.
 *
 * @param shrinkShare drop finished rows from the batch (a row-gather copy of the KV cache) once at least this share
 *     of the batch's rows has finished (at least one row); {@code 0} never shrinks, a tiny value shrinks as soon as
 *     one row finishes. Default {@code 0.5}: each gather copies the whole cache, so waiting until half the rows
 *     are idle pays for the copy, where shrinking after every finished row often did not (see
 *     {@code ssft bench consensus}).
 * @param measureCpu also record the calling thread's CPU time, in total and inside {@code session.run}
 *     ({@link RunStats#threadCpuNanos()}); costs two clock reads per step. Default off.
 */
public record RunControls(double shrinkShare, boolean measureCpu) {

  /** Shrink the batch once half its rows have finished; no CPU-time measurement. */
  public static final RunControls DEFAULT = new RunControls(0.5, false);

  /** Validates the share. */
  public RunControls {
    if (!(shrinkShare >= 0 && shrinkShare <= 1)) {
      throw new InvalidArgumentException("shrinkShare must be in [0, 1], got " + shrinkShare);
    }
  }

  /**
   * @param batch rows in the batch now
   * @param finished rows of it that have finished
   * @return whether to drop the finished rows now
   */
  boolean shouldShrink(int batch, int finished) {
    return finished > 0 && shrinkShare > 0 && finished >= Math.max(1, Math.ceil(shrinkShare * batch));
  }

  /**
   * Returns a copy that drops finished rows from the batch once this share of it has finished.
   *
   * @param value share of finished rows that triggers a shrink, 0 for never
   * @return a copy with it
   */
  public RunControls withShrinkShare(double value) {
    return new RunControls(value, measureCpu);
  }

  /**
   * Returns a copy that does or does not record the decoding threads' CPU time.
   *
   * @param value whether to record thread CPU time
   * @return a copy with it
   */
  public RunControls withMeasureCpu(boolean value) {
    return new RunControls(shrinkShare, value);
  }
}
