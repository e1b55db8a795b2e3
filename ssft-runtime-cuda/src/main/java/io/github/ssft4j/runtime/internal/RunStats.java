package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.Usage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where the time of one {@link OnnxModel#run} call went.
 *
 * @param wallNanos the whole call, tokenization and decoding included
 * @param sessionRunNanos the summed time inside {@code OrtSession.run}
 * @param sessionRuns how many {@code OrtSession.run} calls were made
 * @param promptTokens tokens of the rendered prompt (without any tag prefix)
 * @param prefillTokens prompt tokens run through the model, summed over all runs of the call: equal to
 *     {@code promptTokens} when the prompt is prefilled once, whatever the number of branches (tag-prefix tokens
 *     are not counted; a prefix shared by every branch rides along in the same prefill run)
 * @param rowSteps the sum over decode steps of the rows in the batch (work done, finished rows included)
 * @param cacheGathers how many times finished rows were dropped from the cache with a row-gather copy
 * @param threadCpuNanos CPU time of the calling thread over the call, or -1 unless
 *     {@link RunControls#measureCpu()}; unlike wall time it does not count time the thread waited for a core
 * @param sessionRunCpuNanos the part of {@code threadCpuNanos} inside {@code OrtSession.run} (ONNX Runtime computes
 *     on the calling thread when it has one intra-op thread), or -1
 * @param decodeNanos the part of {@code wallNanos} from the first decode step on (the rest is tokenization, prefill
 *     and the fork)
 * @param generatedTokens tokens generated over every branch
 * @param java where the Java decode loop's own time went, and what it copied
 */
public record RunStats(long wallNanos, long sessionRunNanos, int sessionRuns, int promptTokens, int prefillTokens,
    long rowSteps, int cacheGathers, long threadCpuNanos, long sessionRunCpuNanos, long decodeNanos,
    int generatedTokens, JavaPhases java) {

  /** @return the call's usage as the public API reports it */
  public Usage usage() {
    return new Usage(promptTokens, generatedTokens, wallNanos - decodeNanos, decodeNanos, sessionRunNanos);
  }

  /**
   * The Java side of the decode loop, by phase.
   *
   * @param decodeSteps decode steps run (one {@code session.run} each)
   * @param samplingNanos choosing tokens from the logits (temperature, top-k/top-p, the draw), all rows
   * @param stopCheckNanos end-of-sequence, stop-string and length checks on each new token (and the listener's
   *     token event)
   * @param tensorNanos preparing a step's inputs (ids, positions, mask), taking its outputs, freeing the old cache
   * @param bytesCopied bytes Java copied or wrote (KV rows when forking or shrinking, logits rows, mask slots); the
   *     runtime's own copies (such as the exported graph's KV concatenation) are not included
   */
  public record JavaPhases(int decodeSteps, long samplingNanos, long stopCheckNanos, long tensorNanos,
      long bytesCopied) {}

  /** @return the share of wall time spent outside {@code OrtSession.run} */
  public double overheadOutsideRuntime() {
    return wallNanos == 0 ? 0 : (double) (wallNanos - sessionRunNanos) / wallNanos;
  }

  /**
   * @return the share of the thread's CPU time spent outside {@code OrtSession.run}, or -1 when CPU time was not
   *     measured
   */
  public double cpuOverheadOutsideRuntime() {
    return threadCpuNanos <= 0 ? -1 : (double) (threadCpuNanos - sessionRunCpuNanos) / threadCpuNanos;
  }

  /** Accumulates the statistics of one call; not thread-safe (one per call). */
  static final class Recorder {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final boolean measureCpu;
    final long start = System.nanoTime();
    final long startCpu;
    long runNanos;
    long runCpuNanos;
    int runs;
    int promptTokens;
    int prefillTokens;
    long rowSteps;
    int gathers;
    int decodeSteps;
    long samplingNanos;
    long stopCheckNanos;
    long tensorNanos;
    long bytesCopied;
    long decodeStart;
    int generatedTokens;

    Recorder(boolean measureCpu) {
      this.measureCpu = measureCpu;
      this.startCpu = cpu();
    }

    /** @return the thread's CPU time now, or 0 when not measuring */
    long cpu() {
      return measureCpu ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    void addRun(long nanos, long cpuNanos) {
      runNanos += nanos;
      runCpuNanos += cpuNanos;
      runs++;
    }

    RunStats finish() {
      long cpu = measureCpu ? cpu() - startCpu : -1;
      long end = System.nanoTime();
      return new RunStats(end - start, runNanos, runs, promptTokens, prefillTokens, rowSteps,
          gathers, cpu, measureCpu ? runCpuNanos : -1, decodeStart == 0 ? 0 : end - decodeStart, generatedTokens,
          new JavaPhases(decodeSteps, samplingNanos, stopCheckNanos, tensorNanos, bytesCopied));
    }
  }
}
