package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.voting.internal.AdversarialInputs;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Random and adversarial inputs: nothing throws, every call is bounded, verdicts are deterministic. */
class FuzzTest {
  private static final int INPUTS = 3000;

  @Test
  void adversarialInputsNeverThrowAndStayBounded() {
    AdversarialInputs inputs = new AdversarialInputs(20_251_128L);
    MathAnswerExtractor extractor = new MathAnswerExtractor();
    MathAnswerEquivalence equivalence = new MathAnswerEquivalence();
    AnswerVerifier.Options all = new AnswerVerifier.Options(6, true, true,
        EnumSet.of(MatchType.LATEX, MatchType.EXPR, MatchType.LETTERS));
    // Warm up so the bound measures the algorithm, not class loading and JIT.
    for (int i = 0; i < 200; i++) {
      AnswerVerifier.verify("$\\frac{1}{2}$", "$0.5$", AnswerVerifier.Options.DEFAULT);
    }
    long slowest = 0;
    String slowestInput = "";
    String previous = "$1$";
    int selfMatches = 0;
    int extracted = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = inputs.next();
      long t0 = System.nanoTime();
      boolean forward = AnswerVerifier.verify(previous, text, AnswerVerifier.Options.DEFAULT);
      long dt = System.nanoTime() - t0;
      if (dt > slowest) {
        slowest = dt;
        slowestInput = text.length() > 80 ? text.substring(0, 80) + "... (" + text.length() + " chars)" : text;
      }
      if (i % 10 == 0) {
        assertEquals(forward, AnswerVerifier.verify(previous, text, AnswerVerifier.Options.DEFAULT),
            "verdicts must be deterministic");
      }
      AnswerVerifier.verify(text, previous, all);
      ExtractedAnswer a = extractor.extract(text);
      if (a.isPresent()) {
        extracted++;
        // An answer is always equivalent to itself.
        assertTrue(equivalence.equivalent(a, a), () -> "not self-equivalent: " + a);
        if (text.length() < 5000 && AnswerVerifier.verify(text, text, AnswerVerifier.Options.DEFAULT)) {
          selfMatches++;
        }
      }
      previous = text;
    }
    System.out.printf("fuzz: %d inputs, %d with an answer (%d short ones verify against themselves), slowest verify %.2f ms"
        + " on %s%n", INPUTS, extracted, selfMatches, slowest / 1e6, slowestInput);
    assertTrue(extracted > INPUTS / 4, "the generator should produce answers often");
    // Generous for a shared 2-core machine; the bench command reports the tight number.
    assertTrue(slowest < 1_000_000_000L, "slowest call " + slowest / 1e6 + " ms on " + slowestInput);
  }
}
