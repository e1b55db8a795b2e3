package io.github.ssft4j.research.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.research.task.Strategy;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagPolicyMetricsTest {
  /** A question whose tag {@code right} alone is correct, with the policy's mass {@code mass} on tag {@code peak}. */
  private static TagEvaluation.Row row(String q, int right, int peak, double mass) {
    double[] policy = new double[3];
    java.util.Arrays.fill(policy, (1 - mass) / 2);
    policy[peak] = mass;
    boolean[] correct = new boolean[3];
    correct[right] = true;
    List<String> answers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      answers.add(t == right ? "1" : "2" + t);
    }
    return new TagEvaluation.Row(q, "1", policy, answers, correct, Collections.nCopies(3, Strategy.COLUMN));
  }

  @Test
  void againstStartPairsTheTrainedArgmaxWithTheStartingModelsBestFixedTag() {
    List<TagEvaluation.Row> before = new ArrayList<>();
    List<TagEvaluation.Row> after = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int right = i % 4 == 0 ? 1 : 0; // tag 0 is right on 30 of 40: the best fixed tag, 0.75
      before.add(row("q" + i, right, 2, 0.8));
      after.add(row("q" + i, right, right, 0.9)); // the trained policy peaks on the right tag: 1.0
    }
    List<Bootstrap.Interval> d = TagPolicyMetrics.againstStart(before,
        TagPolicyMetrics.of(before, 7).bestFixed(), after, 7);
    assertEquals(0.25, d.get(0).estimate(), 1e-12);
    assertTrue(d.get(0).lower() > 0, d.get(0).format());
    assertEquals(2, d.size());
  }

  @Test
  void againstStartRefusesDifferentQuestions() {
    List<TagEvaluation.Row> before = List.of(row("q1", 0, 0, 0.5));
    List<TagEvaluation.Row> after = List.of(row("q2", 0, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> TagPolicyMetrics.againstStart(before, 0, after, 7));
  }
}
