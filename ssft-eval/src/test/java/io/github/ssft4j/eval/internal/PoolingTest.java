package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.eval.EvaluationProtocol;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolingTest {
  private static final EvaluationProtocol PROTOCOL =
      EvaluationProtocol.of(new Metric.PassAt1(1, 4), new Metric.NativeConsAtK(6, 2));

  private static EvaluationResult run(long seed, int values) {
    return MetricConformanceTest.score(PROTOCOL, MetricConformanceTest.randomMatrix(seed, 40,
        PROTOCOL.samplesPerTag(6), values));
  }

  @Test
  void aPooledProblemScoresTheMeanOfItsRunsAndTheMetricTheMeanOverProblems() {
    List<EvaluationResult> runs = List.of(run(1L, 2), run(2L, 3), run(3L, 4));
    EvaluationResult pooled = new DefaultEvaluationEngine().pool(runs);
    assertEquals(40, pooled.problems());
    for (String metric : List.of("Pass@1", "Cons@6")) {
      double expected = 0;
      for (EvaluationResult r : runs) {
        expected += r.metric(metric).value() / runs.size();
      }
      assertEquals(expected, pooled.metric(metric).value(), 1e-12, metric);
      assertTrue(pooled.metric(metric).lower() <= expected && expected <= pooled.metric(metric).upper());
    }
    EvaluationResult.ProblemResult q7 = pooled.perProblem().get(7);
    double mean = runs.stream().mapToDouble(r -> r.perProblem().get(7).scores().get("Pass@1")).average().orElseThrow();
    assertEquals(mean, q7.scores().get("Pass@1"), 1e-12);
    assertEquals(runs.stream().mapToInt(r -> r.perProblem().get(7).samples()).sum(), q7.samples());
    assertEquals("3", pooled.settings().get("pooled runs"));
    assertTrue(pooled.perTag().isEmpty(), "per-tag values per problem are not kept: not pooled");
  }

  @Test
  void onlyProblemsEveryRunScoredArePooled() {
    int[][][] partial = MetricConformanceTest.randomMatrix(5L, 40, PROTOCOL.samplesPerTag(6), 2);
    partial[3][1] = new int[] {0};
    EvaluationResult pooled = new DefaultEvaluationEngine().pool(List.of(run(4L, 2),
        MetricConformanceTest.score(PROTOCOL, partial)));
    assertEquals(39, pooled.problems());
    assertTrue(pooled.perProblem().stream().noneMatch(p -> p.id().equals("q3")));
  }

  @Test
  void runsWithoutACommonMetricAreRefusedNamingTheirMetrics() {
    EvaluationResult other = MetricConformanceTest.score(EvaluationProtocol.of(new Metric.ConsAtK(4)),
        MetricConformanceTest.randomMatrix(6L, 40, EvaluationProtocol.of(new Metric.ConsAtK(4)).samplesPerTag(6), 2));
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> new DefaultEvaluationEngine().pool(List.of(run(1L, 2), other)));
    assertTrue(e.getMessage().contains("Cons@4"), e.getMessage());
  }

  @Test
  void oneRunPoolsToItself() {
    EvaluationResult r = run(1L, 2);
    assertEquals(r, EvaluationResult.pool(List.of(r)));
  }
}
