package io.github.ssft4j.research.eval;

import io.github.ssft4j.voting.metrics.Bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.research.task.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodMetricsTest {
  static QuestionResult q(boolean cons, boolean[] correct, Strategy... s) {
    List<Boolean> c = new ArrayList<>();
    for (boolean b : correct) {
      c.add(b);
    }
    return new QuestionResult("q", "1", cons ? "1" : "2", cons, List.of("", ""), c, Arrays.asList(s));
  }

  @Test
  void purityAccuracyAndConsensus() {
    List<QuestionResult> r = List.of(
        q(true, new boolean[] {true, false}, Strategy.COLUMN, Strategy.ROUND),
        q(true, new boolean[] {false, true}, Strategy.COLUMN, Strategy.ROUND),
        q(false, new boolean[] {false, false}, Strategy.SHIFT, null),
        q(true, new boolean[] {true, true}, Strategy.COLUMN, Strategy.ROUND));
    MethodMetrics m = MethodMetrics.of(r, 1L);
    assertEquals(0.5, m.passAt1().estimate(), 1e-12);
    assertEquals(0.75, m.consAtK().estimate(), 1e-12);
    assertEquals(0.75, m.tagPurity().get(0).estimate(), 1e-12);
    assertEquals(0.75, m.tagPurity().get(1).estimate(), 1e-12);
    assertEquals(List.of(Strategy.COLUMN, Strategy.ROUND), m.dominant());
    assertEquals(2, m.distinctDominant());
    assertTrue(m.consAtK().lower() <= 0.75 && m.consAtK().upper() >= 0.75);
    assertEquals(m.consAtK(), MethodMetrics.of(r, 1L).consAtK());
    Bootstrap.Interval d = MethodMetrics.consDifference(r, r, 3L);
    assertEquals(0.0, d.estimate());
    assertEquals(0.0, d.lower());
  }

  @Test
  void answersCompareAsNumbers() {
    assertTrue(Evaluator.matches("35", new ExtractedAnswer("35.0", "35", ExtractedAnswer.Kind.MATH)));
    assertTrue(Evaluator.matches("35", new ExtractedAnswer("35", "", ExtractedAnswer.Kind.MATH)));
    assertTrue(!Evaluator.matches("35", new ExtractedAnswer("36", "36", ExtractedAnswer.Kind.MATH)));
    assertTrue(!Evaluator.matches("35", ExtractedAnswer.NONE));
    assertNull(Strategy.identify("no marker here").orElse(null));
  }
}
