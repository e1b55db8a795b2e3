package io.github.ssft4j.research.eval;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.research.task.Strategy;
import io.github.ssft4j.research.task.SubtractionTask;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores of every tag policy on a {@link TagEvaluation}, with 95% percentile bootstrap intervals over questions.
 *
 * @param fixed Pass@1 of each fixed tag
 * @param bestFixed the 0-based fixed tag with the highest Pass@1 on these questions
 * @param modelArgmax Pass@1 with the model's most likely tag
 * @param modelSampled expected Pass@1 with a tag drawn from the model's policy ({@code sum_i pi_i correct_i})
 * @param modelSampledDraw Pass@1 with one seeded draw per question
 * @param uniform expected Pass@1 with a uniformly random tag
 * @param oracle Pass@1 of the per-question oracle tag (any tag right)
 * @param consFixed Cons@N with one branch per tag
 * @param consModel Cons@N with N tags drawn from the model's policy (seeded, with replacement)
 * @param argmaxMinusBest paired difference {@code modelArgmax - fixed[bestFixed]}
 * @param sampledMinusBest paired difference {@code modelSampled - fixed[bestFixed]}
 * @param consModelMinusFixed paired difference {@code consModel - consFixed}
 * @param entropy mean entropy of the fork policy, nats
 * @param argmaxShare how often each tag is the arg-max
 * @param slices per strategy, how the policy treats the questions where that strategy's bug fires
 */
public record TagPolicyMetrics(List<Bootstrap.Interval> fixed, int bestFixed, Bootstrap.Interval modelArgmax,
    Bootstrap.Interval modelSampled, Bootstrap.Interval modelSampledDraw, Bootstrap.Interval uniform,
    Bootstrap.Interval oracle, Bootstrap.Interval consFixed, Bootstrap.Interval consModel,
    Bootstrap.Interval argmaxMinusBest, Bootstrap.Interval sampledMinusBest, Bootstrap.Interval consModelMinusFixed,
    double entropy, double[] argmaxShare, List<Slice> slices) {

  /** Bootstrap resamples of every interval. */
  public static final int RESAMPLES = 2000;
  private static final Pattern QUESTION = Pattern.compile("What is (\\d+)-(\\d+)\\?");
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)}");

  /**
   * How the policy treats the bug slice of one strategy: the questions on which that strategy, done as written,
   * gives a wrong answer.
   *
   * @param strategy the strategy
   * @param questions questions in its slice
   * @param avoidExpected mean policy mass on tags whose trace does not follow the strategy
   * @param avoidArgmax share of slice questions whose arg-max tag's trace does not follow it
   * @param uniformAvoid the same for a uniformly random tag (the baseline)
   */
  public record Slice(Strategy strategy, int questions, double avoidExpected, double avoidArgmax,
      double uniformAvoid) {}

  /**
   * @param rows the evaluation
   * @param seed seeds the draws and the bootstrap
   * @return the scores
   */
  public static TagPolicyMetrics of(List<TagEvaluation.Row> rows, long seed) {
    int q = rows.size();
    int n = rows.get(0).policy().length;
    double[][] fixed = new double[n][q];
    double[] argmax = new double[q];
    double[] sampled = new double[q];
    double[] draw = new double[q];
    double[] uniform = new double[q];
    double[] oracle = new double[q];
    double[] consFixed = new double[q];
    double[] consModel = new double[q];
    double entropy = 0;
    double[] share = new double[n];
    for (int i = 0; i < q; i++) {
      TagEvaluation.Row r = rows.get(i);
      ForkDistribution d = distribution(r.policy());
      entropy += d.entropy() / q;
      share[r.argmax()] += 1.0 / q;
      argmax[i] = r.correct()[r.argmax()] ? 1 : 0;
      for (int t = 0; t < n; t++) {
        double c = r.correct()[t] ? 1 : 0;
        fixed[t][i] = c;
        sampled[i] += r.policy()[t] * c;
        uniform[i] += c / n;
        oracle[i] = Math.max(oracle[i], c);
      }
      draw[i] = r.correct()[d.sample(1, seed * 31 + i).get(0) - 1] ? 1 : 0;
      List<Integer> all = new ArrayList<>();
      for (int t = 1; t <= n; t++) {
        all.add(t);
      }
      consFixed[i] = vote(r, all) ? 1 : 0;
      consModel[i] = vote(r, d.sample(n, seed * 131 + i)) ? 1 : 0;
    }
    List<Bootstrap.Interval> fixedIntervals = new ArrayList<>();
    int best = 0;
    for (int t = 0; t < n; t++) {
      fixedIntervals.add(mean(fixed[t], seed + t));
      if (mean(fixed[t]) > mean(fixed[best])) {
        best = t;
      }
    }
    double[] bestScores = fixed[best];
    return new TagPolicyMetrics(fixedIntervals, best, mean(argmax, seed + 11), mean(sampled, seed + 12),
        mean(draw, seed + 13), mean(uniform, seed + 14), mean(oracle, seed + 15), mean(consFixed, seed + 16),
        mean(consModel, seed + 17), paired(argmax, bestScores, seed + 18), paired(sampled, bestScores, seed + 19),
        paired(consModel, consFixed, seed + 20), entropy, share, slices(rows));
  }

  /**
   * The trained model's own tag against the starting model's best use of fixed tags, over the same questions:
   * {@code after}'s arg-max Pass@1 minus {@code before}'s best fixed tag, and {@code after}'s Cons@k over
   * model-sampled tags minus {@code before}'s Cons@k over one branch per tag (paired bootstraps).
   *
   * @param before the starting model's evaluation
   * @param bestBeforeTag its best fixed tag, 0-based ({@code of(before, seed).bestFixed()})
   * @param after the trained model's, same questions in the same order
   * @param seed seeds the draws and the bootstrap, as {@link #of}
   * @return {@code [argmax - best fixed before, Cons@k model - Cons@k fixed before]}
   */
  public static List<Bootstrap.Interval> againstStart(List<TagEvaluation.Row> before, int bestBeforeTag,
      List<TagEvaluation.Row> after, long seed) {
    int q = before.size();
    if (after.size() != q) {
      throw new IllegalArgumentException("before has " + q + " questions, after " + after.size());
    }
    double[] argmax = new double[q];
    double[] bestBefore = new double[q];
    double[] consModel = new double[q];
    double[] consFixedBefore = new double[q];
    int n = before.get(0).policy().length;
    List<Integer> all = new ArrayList<>();
    for (int t = 1; t <= n; t++) {
      all.add(t);
    }
    for (int i = 0; i < q; i++) {
      TagEvaluation.Row a = after.get(i);
      TagEvaluation.Row b = before.get(i);
      if (!a.question().equals(b.question())) {
        throw new IllegalArgumentException("question " + i + " differs: " + b.question() + " vs " + a.question());
      }
      argmax[i] = a.correct()[a.argmax()] ? 1 : 0;
      bestBefore[i] = b.correct()[bestBeforeTag] ? 1 : 0;
      consModel[i] = vote(a, distribution(a.policy()).sample(n, seed * 131 + i)) ? 1 : 0;
      consFixedBefore[i] = vote(b, all) ? 1 : 0;
    }
    return List.of(paired(argmax, bestBefore, seed + 21), paired(consModel, consFixedBefore, seed + 22));
  }

  private static ForkDistribution distribution(double[] policy) {
    double[] l = new double[policy.length];
    for (int t = 0; t < l.length; t++) {
      l[t] = Math.log(Math.max(policy[t], 1e-300));
    }
    return ForkDistribution.ofLogProbs(l);
  }

  /** Majority over the branches' answers (no answer never wins), ties to the earliest branch. */
  static boolean vote(TagEvaluation.Row r, List<Integer> tags) {
    Map<String, Integer> counts = new HashMap<>();
    String winner = null;
    int winnerVotes = 0;
    int winnerTag = -1;
    for (int tag : tags) {
      String a = r.answers().get(tag - 1);
      if (a.isEmpty()) {
        continue;
      }
      int c = counts.merge(a, 1, Integer::sum);
      if (c > winnerVotes) {
        winner = a;
        winnerVotes = c;
        winnerTag = tag;
      }
    }
    return winner != null && r.correct()[winnerTag - 1];
  }

  private static List<Slice> slices(List<TagEvaluation.Row> rows) {
    List<Slice> out = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      int count = 0;
      double avoidExpected = 0;
      double avoidArgmax = 0;
      double uniformAvoid = 0;
      for (TagEvaluation.Row r : rows) {
        Matcher m = QUESTION.matcher(r.question());
        if (!m.matches()) {
          continue;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        Matcher boxed = BOXED.matcher(SubtractionTask.trace(s, a, b));
        if (!boxed.find() || Integer.parseInt(boxed.group(1)) == a - b) {
          continue; // the strategy's bug does not fire on this question
        }
        count++;
        int n = r.policy().length;
        for (int t = 0; t < n; t++) {
          boolean other = r.strategies().get(t) != s;
          avoidExpected += other ? r.policy()[t] : 0;
          uniformAvoid += other ? 1.0 / n : 0;
        }
        avoidArgmax += r.strategies().get(r.argmax()) != s ? 1 : 0;
      }
      if (count > 0) {
        out.add(new Slice(s, count, avoidExpected / count, avoidArgmax / count, uniformAvoid / count));
      }
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static Bootstrap.Interval mean(double[] v, long seed) {
    return Bootstrap.meanInterval(v, RESAMPLES, 0.95, seed);
  }

  private static Bootstrap.Interval paired(double[] a, double[] b, long seed) {
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return mean(d, seed);
  }
}
