package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.EvaluationProtocol;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  @Test
  void pairsTheSharedProblemsAndBootstrapsTheDifference() {
    EvaluationProtocol p = EvaluationProtocol.of(new Metric.PassAt1(1, 4), new Metric.NativeConsAtK(6, 2));
    int[][][] good = MetricConformanceTest.randomMatrix(1L, 50, p.samplesPerTag(6), 2);
    int[][][] bad = MetricConformanceTest.randomMatrix(2L, 50, p.samplesPerTag(6), 6);
    bad[10][1] = new int[] {0}; // problem q10 incomplete in B: not shared
    EvaluationResult a = MetricConformanceTest.score(p, good);
    EvaluationResult b = MetricConformanceTest.score(p, bad);
    EvaluationResult.Comparison c = new DefaultEvaluationEngine().compare(a, b);
    assertEquals(49, c.problems());
    double sumA = 0;
    double sumB = 0;
    for (EvaluationResult.ProblemResult r : a.perProblem()) {
      if (!r.id().equals("q10")) {
        sumA += r.scores().get("Pass@1");
      }
    }
    for (EvaluationResult.ProblemResult r : b.perProblem()) {
      sumB += r.scores().get("Pass@1");
    }
    Estimate d = c.differences().get("Pass@1");
    assertEquals(sumA / 49, c.aMetrics().get("Pass@1").value(), 1e-12);
    assertEquals(sumB / 49, c.bMetrics().get("Pass@1").value(), 1e-12);
    assertEquals((sumA - sumB) / 49, d.value(), 1e-12);
    assertTrue(d.lower() <= d.value() && d.value() <= d.upper());
    assertTrue(d.lower() > 0, "answers drawn from 2 values beat answers drawn from 6: " + d.format());
    assertEquals(new DefaultEvaluationEngine().compare(a, b), c, "seeded: the same intervals every time");
  }
}
