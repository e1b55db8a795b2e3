package io.github.ssft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForkDistributionTest {
  private static final ForkDistribution D = ForkDistribution.ofLogProbs(
      new double[] {Math.log(0.3), Math.log(0.1), Math.log(0.1)});

  @Test
  void thePolicyIsTheDistributionRenormalisedOverTheTags() {
    assertEquals(0.6, D.probability(1), 1e-12);
    assertEquals(0.2, D.probability(2), 1e-12);
    assertEquals(0.5, D.mass(), 1e-12);
    assertEquals(Math.log(0.6), D.policyLogProb(1), 1e-12);
    assertEquals(Math.log(0.3), D.logProb(1), 1e-12);
    assertEquals(1, D.argmax());
    double h = -(0.6 * Math.log(0.6) + 2 * 0.2 * Math.log(0.2));
    assertEquals(h, D.entropy(), 1e-12);
  }

  @Test
  void samplingIsSeededAndFollowsTheProbabilities() {
    assertEquals(D.sample(20, 5L), D.sample(20, 5L));
    List<Integer> many = D.sample(20_000, 1L);
    long ones = many.stream().filter(t -> t == 1).count();
    assertEquals(0.6, ones / 20_000.0, 0.02);
    assertTrue(many.stream().allMatch(t -> t >= 1 && t <= 3));
  }

  @Test
  void modelPoliciesAssignFromTheDistribution() {
    assertEquals(List.of(1, 1, 1), TagSchedule.MODEL_ARGMAX.assign(3, D, 0L));
    assertEquals(D.sample(4, 9L), TagSchedule.MODEL_CHOSEN.assign(4, D, 9L));
    assertEquals(List.of(1, 2, 3), TagSchedule.SEQUENTIAL.assign(3, D, 0L));
    assertThrows(InvalidArgumentException.class, () -> TagSchedule.MODEL_CHOSEN.assign(3, 3, 0L));
  }

  @Test
  void badInputIsRejectedNamingTheValue() {
    var e = assertThrows(InvalidArgumentException.class,
        () -> ForkDistribution.ofLogProbs(new double[] {-1, Double.NaN}));
    assertTrue(e.getMessage().contains("tagLogProbs[1]"), e.getMessage());
    assertThrows(InvalidArgumentException.class, () -> ForkDistribution.ofLogProbs(new double[0]));
    assertThrows(InvalidArgumentException.class, () -> D.probability(4));
  }
}
