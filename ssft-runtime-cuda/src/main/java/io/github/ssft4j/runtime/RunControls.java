package io.github.ssft4j.runtime;

import io.github.ssft4j.InvalidArgumentException;

/**
 * Engine settings of one {@link OnnxModel#run} call that are not sampling options.
 *
 * @param ignoreEos keep generating after an end-of-sequence token, up to the token limit (benchmarks, tests)
 * @param shrinkAfterFinished drop finished rows from the batch (a row-gather copy of the KV cache) once at least
 *     this many rows of the batch have finished; {@code 0} never shrinks. Default 1.
 * @param measureCpu also record the calling thread's CPU time, in total and inside {@code session.run}
 *     ({@link RunStats#threadCpuNanos()}); costs two clock reads per step. Default off.
 */
public record RunControls(boolean ignoreEos, int shrinkAfterFinished, boolean measureCpu) {

  /** Stop at end-of-sequence; shrink the batch as soon as a row finishes; no CPU-time measurement. */
  public static final RunControls DEFAULT = new RunControls(false, 1, false);

  /** Validates the threshold. */
  public RunControls {
    if (shrinkAfterFinished < 0) {
      throw new InvalidArgumentException("shrinkAfterFinished must be >= 0, got " + shrinkAfterFinished);
    }
  }

  /** @param value whether to ignore end-of-sequence tokens @return a copy with it */
  public RunControls withIgnoreEos(boolean value) {
    return new RunControls(value, shrinkAfterFinished, measureCpu);
  }

  /** @param value finished rows that trigger a shrink, 0 for never @return a copy with it */
  public RunControls withShrinkAfterFinished(int value) {
    return new RunControls(ignoreEos, value, measureCpu);
  }

  /** @param value whether to record thread CPU time @return a copy with it */
  public RunControls withMeasureCpu(boolean value) {
    return new RunControls(ignoreEos, shrinkAfterFinished, value);
  }
}
