package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.eval.AnswerFormat;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationProtocol;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import io.github.ssft4j.eval.Problem;
import io.github.ssft4j.eval.PromptTemplate;
import io.github.ssft4j.eval.Sample;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The metrics equal the paper's definitions, computed here independently on constructed answer matrices: answers
 * are small integers (0 is the gold answer, -1 means "no answer"), so a vote is a plain count.
 */
class MetricConformanceTest {
  private static final int TAGS = 6;

  /** answers[p][t][i]: problem p, tag t (0 = untagged), sample i. */
  static int[][][] randomMatrix(long seed, int problems, int[] plan, int values) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][][] m = new int[problems][TAGS + 1][];
    for (int p = 0; p < problems; p++) {
      for (int t = 0; t <= TAGS; t++) {
        m[p][t] = new int[plan[t]];
        for (int i = 0; i < plan[t]; i++) {
          m[p][t][i] = rnd.nextInt(values + 1) - 1; // -1..values-1, 0 is correct
        }
      }
    }
    return m;
  }

  static EvaluationResult score(EvaluationProtocol protocol, int[][][] answers) {
    List<Problem> problems = new ArrayList<>();
    for (int p = 0; p < answers.length; p++) {
      problems.add(Problem.of("q" + p, "question " + p, "0"));
    }
    Benchmark bench = new Benchmark("matrix", problems, AnswerFormat.MATH, PromptTemplate.PLAIN);
    Evaluation e = Evaluation.builder(bench).generator((prompt, tags, options, listener) -> {
      throw new AssertionError("not generated");
    }, TAGS).protocol(protocol).build();
    List<Sample> samples = new ArrayList<>();
    for (int p = 0; p < answers.length; p++) {
      for (int t = 0; t <= TAGS; t++) {
        for (int i = 0; i < answers[p][t].length; i++) {
          int a = answers[p][t][i];
          ExtractedAnswer ans = a < 0 ? ExtractedAnswer.NONE
              : new ExtractedAnswer(Integer.toString(a), Integer.toString(a), ExtractedAnswer.Kind.MATH);
          samples.add(new Sample("q" + p, t, i, 1L, 0, "\\boxed{" + a + "}", ans, a == 0, 3));
        }
      }
    }
    java.util.Collections.shuffle(samples, new java.util.Random(3)); // arrival order must not matter
    return Scoring.score(Runner.header(e), samples);
  }

  /** The reference majority: most votes; ties to the value reached first; -1 (no answer) never votes. */
  private static int majority(List<Integer> votes) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    for (int v : votes) {
      if (v >= 0) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    int best = -1;
    int bestCount = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  private static double refNativeCons(int[][] byTag, int k, int s) {
    int right = 0;
    for (int g = 0; g < s; g++) {
      List<Integer> group = new ArrayList<>();
      for (int t = 1; t <= k; t++) {
        group.add(byTag[t][g]);
      }
      right += majority(group) == 0 ? 1 : 0;
    }
    return (double) right / s;
  }

  private static double refCons32(int[][] byTag) {
    int[] counts = {0, 6, 6, 5, 5, 5, 5};
    List<Integer> votes = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      for (int t = 1; t <= TAGS; t++) {
        if (r < counts[t]) {
          votes.add(byTag[t][r]);
        }
      }
    }
    return majority(votes) == 0 ? 1 : 0;
  }

  private static double refPass1(int[] samples, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) {
      c += samples[i] == 0 ? 1 : 0;
    }
    return (double) c / n;
  }

  private static BigInteger choose(int n, int k) {
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return r;
  }

  private static double refPassAtK(int[] samples, int n, int k) {
    int c = (int) java.util.Arrays.stream(samples, 0, n).filter(v -> v == 0).count();
    if (n - c < k) {
      return 1;
    }
    return 1 - choose(n - c, k).doubleValue() / choose(n, k).doubleValue();
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElseThrow();
  }

  @Test
  void paperProtocolMatchesTheReferenceDefinitions() {
    EvaluationProtocol paper = EvaluationProtocol.paper();
    int[] plan = paper.samplesPerTag(TAGS);
    assertEquals(List.of(0, 32, 11, 11, 11, 11, 11), java.util.Arrays.stream(plan).boxed().toList());
    for (int values : new int[] {2, 3, 5}) {
      int[][][] m = randomMatrix(11L * values, 60, plan, values);
      EvaluationResult r = score(paper, m);
      assertEquals(60, r.problems());
      double[] cons6 = new double[60];
      double[] cons32 = new double[60];
      double[] pass1 = new double[60];
      for (int p = 0; p < 60; p++) {
        cons6[p] = refNativeCons(m[p], 6, 11); // tag 1 has 32 samples: only its first 11 form groups
        cons32[p] = refCons32(m[p]);
        pass1[p] = refPass1(m[p][1], 32);
        assertEquals(cons6[p], r.perProblem().get(p).scores().get("Cons@6"), 1e-12, "problem " + p);
        assertEquals(cons32[p], r.perProblem().get(p).scores().get("Cons@32"), 1e-12, "problem " + p);
        assertEquals(pass1[p], r.perProblem().get(p).scores().get("Pass@1"), 1e-12, "problem " + p);
      }
      assertEquals(mean(cons6), r.metric("Cons@6").value(), 1e-12);
      assertEquals(mean(cons32), r.metric("Cons@32").value(), 1e-12);
      assertEquals(mean(pass1), r.metric("Pass@1").value(), 1e-12);
    }
  }

  @Test
  void unequalPerTagCountsUseTheFirstSamplesOfEachTag() {
    // native Cons@4 with 3 groups, Pass@1 over 7 samples of <think2>, maj@5 and pass@3 under <think1>
    EvaluationProtocol p = EvaluationProtocol.of(new Metric.NativeConsAtK(4, 3), new Metric.PassAt1(2, 7),
        new Metric.MajAtK(1, 5), new Metric.PassAtK(1, 9, 3));
    int[] plan = p.samplesPerTag(TAGS);
    assertEquals(List.of(0, 9, 7, 3, 3, 0, 0), java.util.Arrays.stream(plan).boxed().toList());
    int[][][] m = randomMatrix(5L, 40, plan, 3);
    EvaluationResult r = score(p, m);
    for (int q = 0; q < 40; q++) {
      Map<String, Double> s = r.perProblem().get(q).scores();
      assertEquals(refNativeCons(m[q], 4, 3), s.get("Cons@4"), 1e-12);
      assertEquals(refPass1(m[q][2], 7), s.get("Pass@1 <think2>"), 1e-12);
      List<Integer> five = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        five.add(m[q][1][i]);
      }
      assertEquals(majority(five) == 0 ? 1.0 : 0.0, s.get("maj@5"), 1e-12);
      assertEquals(refPassAtK(m[q][1], 9, 3), s.get("pass@3"), 1e-12);
    }
  }

  @Test
  void tiesGoToTheAnswerReachedFirstInTagOrderAndMissingAnswersNeverWin() {
    EvaluationProtocol p = EvaluationProtocol.of(new Metric.NativeConsAtK(6, 1), new Metric.ConsAtK(32));
    int[] plan = p.samplesPerTag(TAGS);
    int[][][] m = new int[3][TAGS + 1][];
    for (int q = 0; q < 3; q++) {
      for (int t = 0; t <= TAGS; t++) {
        m[q][t] = new int[plan[t]];
      }
    }
    // q0: group 0 is 0,0,0,1,1,1 (tie, gold first: correct); q1: 1,1,1,0,0,0 (tie, wrong first: wrong)
    int[] g0 = {0, 0, 0, 1, 1, 1};
    int[] g1 = {1, 1, 1, 0, 0, 0};
    // q2: five tags without an answer and one correct: correct
    int[] g2 = {-1, -1, 0, -1, -1, -1};
    int[][] groups = {g0, g1, g2};
    for (int q = 0; q < 3; q++) {
      for (int t = 1; t <= TAGS; t++) {
        java.util.Arrays.fill(m[q][t], groups[q][t - 1]);
      }
    }
    EvaluationResult r = score(p, m);
    assertEquals(1.0, r.perProblem().get(0).scores().get("Cons@6"));
    assertEquals(0.0, r.perProblem().get(1).scores().get("Cons@6"));
    assertEquals(1.0, r.perProblem().get(2).scores().get("Cons@6"));
    // Cons@32 in round-robin order: q0 has 0 x 17 (6+6+5) vs 1 x 15: correct; q1: 1 x 17 vs 0 x 15: wrong
    assertEquals(1.0, r.perProblem().get(0).scores().get("Cons@32"));
    assertEquals(0.0, r.perProblem().get(1).scores().get("Cons@32"));
    assertEquals(1.0, r.perProblem().get(2).scores().get("Cons@32"));
    assertEquals((17 - 15) / 32.0, r.perProblem().get(0).voteMargin(), 1e-12);
    assertEquals(1.0, r.perProblem().get(2).voteMargin(), 1e-12); // one class among the answered
  }

  @Test
  void anExactTieInOneRoundRobinVoteGoesToTheFirstTag() {
    // Cons@12 over 6 tags: 2 each; tags 1-3 answer 0, tags 4-6 answer 1: 6 vs 6, tag 1 reached first
    EvaluationProtocol p = EvaluationProtocol.of(new Metric.ConsAtK(12));
    int[][][] m = new int[2][TAGS + 1][];
    for (int q = 0; q < 2; q++) {
      m[q][0] = new int[0];
      for (int t = 1; t <= TAGS; t++) {
        m[q][t] = new int[] {(t <= 3) == (q == 0) ? 0 : 1, (t <= 3) == (q == 0) ? 0 : 1};
      }
    }
    EvaluationResult r = score(p, m);
    assertEquals(1.0, r.perProblem().get(0).scores().get("Cons@12"));
    assertEquals(0.0, r.perProblem().get(1).scores().get("Cons@12"));
  }

  @Test
  void problemsWithMissingSamplesAreLeftOut() {
    EvaluationProtocol p = EvaluationProtocol.of(new Metric.PassAt1(1, 4));
    int[][][] m = randomMatrix(9L, 5, p.samplesPerTag(TAGS), 2);
    m[2][1] = new int[] {0, 0, 0}; // one sample short
    EvaluationResult r = score(p, m);
    assertEquals(4, r.problems());
    assertEquals(1, r.incompleteProblems());
    assertEquals(List.of("q0", "q1", "q3", "q4"), r.perProblem().stream().map(EvaluationResult.ProblemResult::id)
        .toList());
  }
}
