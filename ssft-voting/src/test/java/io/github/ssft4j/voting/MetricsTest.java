package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.voting.metrics.Bootstrap;
import io.github.ssft4j.voting.metrics.ConsAtK;
import io.github.ssft4j.voting.metrics.PassAtK;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final MathAnswerExtractor EXTRACTOR = new MathAnswerExtractor();
  private static final MathAnswerEquivalence EQUIVALENCE = new MathAnswerEquivalence();

  private static BigInteger binomial(int n, int k) {
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return r;
  }

  @Test
  void passAtKMatchesTheClosedFormOnAllSmallCases() {
    for (int n = 1; n <= 12; n++) {
      for (int c = 0; c <= n; c++) {
        for (int k = 1; k <= n; k++) {
          double closed = n - c < k ? 1.0
              : 1.0 - binomial(n - c, k).doubleValue() / binomial(n, k).doubleValue();
          assertEquals(closed, PassAtK.estimate(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
        }
      }
    }
    // Large n stays finite and in range.
    double v = PassAtK.estimate(10_000, 37, 100);
    assertTrue(v > 0 && v < 1);
    assertThrows(InvalidArgumentException.class, () -> PassAtK.estimate(3, 4, 1));
  }

  @Test
  void passAt1IsMeanAccuracy() {
    List<boolean[]> problems = List.of(new boolean[] {true, false, false, true}, new boolean[] {false, false},
        new boolean[] {true});
    assertEquals((0.5 + 0 + 1) / 3, PassAtK.passAt1(problems), 1e-12);
    assertEquals((1 - 1.0 / 6 + 0 + 1) / 3, PassAtK.mean(List.of(problems.get(0), new boolean[] {false, false},
        new boolean[] {true, true}), 2), 1e-12);
  }

  private static List<ExtractedAnswer> answers(String... texts) {
    List<ExtractedAnswer> out = new ArrayList<>();
    for (String t : texts) {
      out.add(EXTRACTOR.extract(t));
    }
    return out;
  }

  @Test
  void nativeConsAtKVotesWithinEachGroupOfOneSamplePerTag() {
    // 3 tags x S=4 samples; group s = sample s of every tag. Gold is 1/2.
    List<List<ExtractedAnswer>> byTag = List.of(
        answers("\\boxed{0.5}", "\\boxed{3}", "\\boxed{3}", "nothing"),
        answers("\\boxed{1/2}", "\\boxed{1/2}", "\\boxed{4}", "nothing"),
        answers("\\boxed{7}", "\\boxed{\\frac{2}{4}}", "\\boxed{5}", "\\boxed{1/2}"));
    Predicate<ExtractedAnswer> correct = a -> EQUIVALENCE.equivalent(EXTRACTOR.extract("$\\frac12$"), a);
    // Group 0: 0.5, 1/2, 7 -> 1/2 (right). Group 1: 3, 1/2, 2/4 -> 1/2 (right).
    // Group 2: 3, 4, 5 -> tie, first in tag order: 3 (wrong). Group 3: -, -, 1/2 -> 1/2 (right).
    assertEquals(0.75, ConsAtK.nativeConsAtK(byTag, EQUIVALENCE, correct), 1e-12);
    assertThrows(InvalidArgumentException.class, () -> ConsAtK.nativeConsAtK(
        List.of(answers("\\boxed{1}"), answers("\\boxed{1}", "\\boxed{2}")), EQUIVALENCE, correct));
  }

  @Test
  void scheduledConsAtKFollowsTheTagSchedule() {
    // 6 tags; tags 1-3 always answer 10 (right), tags 4-6 always 11. k=32 gives 6,6,5,5,5,5: 17 vs 15.
    List<List<ExtractedAnswer>> byTag = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      List<ExtractedAnswer> pool = new ArrayList<>();
      for (int s = 0; s < 8; s++) {
        pool.add(EXTRACTOR.extract(t < 3 ? "\\boxed{10}" : "\\boxed{11}"));
      }
      byTag.add(pool);
    }
    Predicate<ExtractedAnswer> correct = a -> a.normalized().equals("10");
    assertEquals(1.0, ConsAtK.scheduled(byTag, 32, TagSchedule.SEQUENTIAL, 5, 1L, EQUIVALENCE, correct), 1e-12);
    // k=6: one branch per tag, 3 vs 3: the tie goes to tag 1's answer.
    assertEquals(1.0, ConsAtK.scheduled(byTag, 6, TagSchedule.SEQUENTIAL, 3, 1L, EQUIVALENCE, correct), 1e-12);
    assertThrows(InvalidArgumentException.class,
        () -> ConsAtK.scheduled(byTag, 64, TagSchedule.SEQUENTIAL, 1, 1L, EQUIVALENCE, correct));
  }

  @Test
  void bootstrapIntervalContainsTheMeanAndShrinksWithMoreData() {
    double[] small = new double[20];
    double[] large = new double[2000];
    for (int i = 0; i < large.length; i++) {
      large[i] = i % 10 < 3 ? 1 : 0;
      if (i < small.length) {
        small[i] = large[i];
      }
    }
    Bootstrap.Interval a = Bootstrap.meanInterval(small, 2000, 0.95, 7L);
    Bootstrap.Interval b = Bootstrap.meanInterval(large, 2000, 0.95, 7L);
    assertEquals(0.3, b.estimate(), 1e-12);
    assertTrue(a.lower() <= a.estimate() && a.estimate() <= a.upper());
    assertTrue(b.lower() < 0.3 && 0.3 < b.upper());
    assertTrue(b.upper() - b.lower() < a.upper() - a.lower());
    // Normal approximation: half-width about 1.96 * sqrt(0.21 / 2000) = 0.020.
    assertEquals(0.020, (b.upper() - b.lower()) / 2, 0.004);
    assertEquals(a, Bootstrap.meanInterval(small, 2000, 0.95, 7L));
  }
}
