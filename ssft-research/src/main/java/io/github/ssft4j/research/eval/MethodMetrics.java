package io.github.ssft4j.research.eval;

import io.github.ssft4j.voting.metrics.Bootstrap;

import io.github.ssft4j.research.task.Strategy;
import java.util.List;

/**
 * The scores of one trained model on the held-out questions, each with a 95% bootstrap interval.
 *
 * @param passAt1 accuracy of the {@code <think1>} branch
 * @param consAtK accuracy of the vote over one branch per tag (native Cons@k)
 * @param tagAccuracy accuracy of each tag's branch
 * @param tagPurity each tag's mode purity: the share of its traces that follow its most common strategy
 * @param dominant each tag's most common strategy ({@code null} when none of its traces has one)
 * @param meanPurity the mean of the tags' purities
 * @param distinctDominant how many different strategies the tags' dominant strategies cover
 */
public record MethodMetrics(Bootstrap.Interval passAt1, Bootstrap.Interval consAtK,
    List<Bootstrap.Interval> tagAccuracy, List<Bootstrap.Interval> tagPurity, List<Strategy> dominant,
    Bootstrap.Interval meanPurity, int distinctDominant) {

  /** Bootstrap replicates used for every interval. */
  public static final int RESAMPLES = 2000;

  /**
   * @param results one entry a question, each with the same number of tags
   * @param seed the bootstrap seed
   * @return the metrics
   */
  public static MethodMetrics of(List<QuestionResult> results, long seed) {
    int n = results.size();
    int k = results.get(0).correct().size();
    Bootstrap.Interval pass = Bootstrap.interval(n, idx -> mean(idx, i -> results.get(i).correct().get(0) ? 1 : 0),
        RESAMPLES, seed);
    Bootstrap.Interval cons = Bootstrap.interval(n, idx -> mean(idx, i -> results.get(i).consCorrect() ? 1 : 0),
        RESAMPLES, seed);
    List<Bootstrap.Interval> acc = new java.util.ArrayList<>();
    List<Bootstrap.Interval> purity = new java.util.ArrayList<>();
    List<Strategy> dominant = new java.util.ArrayList<>();
    for (int t = 0; t < k; t++) {
      int tag = t;
      acc.add(Bootstrap.interval(n, idx -> mean(idx, i -> results.get(i).correct().get(tag) ? 1 : 0), RESAMPLES,
          seed + 1 + t));
      purity.add(Bootstrap.interval(n, idx -> purity(results, idx, tag), RESAMPLES, seed + 100 + t));
      dominant.add(dominant(results, tag));
    }
    Bootstrap.Interval meanPurity = Bootstrap.interval(n, idx -> {
      double s = 0;
      for (int t = 0; t < k; t++) {
        s += purity(results, idx, t);
      }
      return s / k;
    }, RESAMPLES, seed + 200);
    int distinct = (int) dominant.stream().filter(java.util.Objects::nonNull).distinct().count();
    return new MethodMetrics(pass, cons, acc, purity, dominant, meanPurity, distinct);
  }

  /**
   * Paired bootstrap of {@code Cons@k(a) - Cons@k(b)} on the same questions.
   *
   * @param a one method's results
   * @param b another's, same questions in the same order
   * @param seed the seed
   * @return the difference with its 95% interval
   */
  public static Bootstrap.Interval consDifference(List<QuestionResult> a, List<QuestionResult> b, long seed) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("paired results must cover the same questions");
    }
    return Bootstrap.interval(a.size(), idx -> mean(idx, i -> (a.get(i).consCorrect() ? 1 : 0)
        - (b.get(i).consCorrect() ? 1 : 0)), RESAMPLES, seed);
  }

  private static double mean(int[] idx, java.util.function.IntToDoubleFunction f) {
    double s = 0;
    for (int i : idx) {
      s += f.applyAsDouble(i);
    }
    return s / idx.length;
  }

  /** Share of the tag's traces (over the sampled questions) that follow its most common strategy. */
  static double purity(List<QuestionResult> results, int[] idx, int tag) {
    int[] counts = new int[Strategy.values().length];
    for (int i : idx) {
      Strategy s = results.get(i).strategies().get(tag);
      if (s != null) {
        counts[s.ordinal()]++;
      }
    }
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    return (double) max / idx.length;
  }

  private static Strategy dominant(List<QuestionResult> results, int tag) {
    int[] counts = new int[Strategy.values().length];
    for (QuestionResult r : results) {
      Strategy s = r.strategies().get(tag);
      if (s != null) {
        counts[s.ordinal()]++;
      }
    }
    int best = -1;
    for (int s = 0; s < counts.length; s++) {
      if (counts[s] > 0 && (best < 0 || counts[s] > counts[best])) {
        best = s;
      }
    }
    return best < 0 ? null : Strategy.values()[best];
  }
}
