package io.github.ssft4j;

/**
 * How confident the model was along one trace: statistics of the log-probabilities (natural log, under the
 * sampling distribution after temperature) of the tokens it produced. Voting strategies weigh branches with it.
 *
 * @param tokens how many tokens the statistics cover
 * @param sum the sum of the tokens' log-probabilities (the trace's log-likelihood)
 * @param mean {@code sum / tokens}, or 0 for an empty trace
 * @param min the least likely token's log-probability, or 0 for an empty trace
 * @param lowestWindowMean the lowest mean over any {@link #WINDOW} consecutive tokens (the whole trace when
 *     shorter): DeepConf's "lowest group confidence", computed on sampled-token log-probabilities
 */
public record LogProbSummary(int tokens, double sum, double mean, double min, double lowestWindowMean) {

  /** Window length of {@link #lowestWindowMean()}. */
  public static final int WINDOW = 32;

  /** The summary of a trace with no tokens. */
  public static final LogProbSummary EMPTY = new LogProbSummary(0, 0, 0, 0, 0);

  /**
   * @param logProbs per-token log-probabilities, in order
   * @param length how many of them to use
   * @return their summary
   */
  public static LogProbSummary of(float[] logProbs, int length) {
    if (length == 0) {
      return EMPTY;
    }
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      sum += logProbs[i];
      min = Math.min(min, logProbs[i]);
    }
    int window = Math.min(WINDOW, length);
    double windowSum = 0;
    for (int i = 0; i < window; i++) {
      windowSum += logProbs[i];
    }
    double lowest = windowSum;
    for (int i = window; i < length; i++) {
      windowSum += logProbs[i] - logProbs[i - window];
      lowest = Math.min(lowest, windowSum);
    }
    return new LogProbSummary(length, sum, sum / length, min, lowest / window);
  }
}
