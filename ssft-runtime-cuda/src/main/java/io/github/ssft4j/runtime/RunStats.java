package io.github.ssft4j.runtime;

/**
 * Where the time of one {@link OnnxModel#run} call went.
 *
 * @param wallNanos the whole call, tokenization and decoding included
 * @param sessionRunNanos the summed time inside {@code OrtSession.run}
 * @param sessionRuns how many {@code OrtSession.run} calls were made
 * @param promptTokens tokens of the rendered prompt (without any tag prefix)
 * @param prefillTokens tokens fed in the batch-1 prefill (the prompt, plus the tag prefix when every branch shares
 *     one tag)
 * @param rowSteps the sum over decode steps of the rows in the batch (work done, finished rows included)
 * @param cacheGathers how many times finished rows were dropped from the cache with a row-gather copy
 */
public record RunStats(long wallNanos, long sessionRunNanos, int sessionRuns, int promptTokens, int prefillTokens,
    long rowSteps, int cacheGathers) {

  /** @return the share of wall time spent outside {@code OrtSession.run} */
  public double overheadOutsideRuntime() {
    return wallNanos == 0 ? 0 : (double) (wallNanos - sessionRunNanos) / wallNanos;
  }

  /** Accumulates the statistics of one call; not thread-safe (one per call). */
  static final class Recorder {
    long start = System.nanoTime();
    long runNanos;
    int runs;
    int promptTokens;
    int prefillTokens;
    long rowSteps;
    int gathers;

    void addRun(long nanos) {
      runNanos += nanos;
      runs++;
    }

    RunStats finish() {
      return new RunStats(System.nanoTime() - start, runNanos, runs, promptTokens, prefillTokens, rowSteps,
          gathers);
    }
  }
}
