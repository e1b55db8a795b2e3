package io.github.ssft4j.voting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.FinishReason;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.LogProbSummary;
import io.github.ssft4j.Trace;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.VotingStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class VotingTest {
  private static final AnswerExtractor EXTRACTOR = new MathAnswerExtractor();

  /** A branch whose trace says {@code text} and whose tokens all have log-probability {@code logProb}. */
  private static Branch branch(int index, String text, float logProb) {
    float[] lp = new float[40];
    Arrays.fill(lp, logProb);
    Trace trace = new Trace(index % 6 + 1, "<think" + (index % 6 + 1) + ">", text, List.of(1, 2, 3),
        FinishReason.EOS, LogProbSummary.of(lp, lp.length));
    return new Branch(index, trace, EXTRACTOR.extract(text));
  }

  private static List<Branch> branches(String... texts) {
    List<Branch> out = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      out.add(branch(i, texts[i], -0.5f));
    }
    return out;
  }

  @Test
  void defaultsAreFoundThroughServiceLoader() {
    assertEquals("math", AnswerExtractor.findDefault().name());
    assertEquals("math", AnswerEquivalence.findDefault().name());
    assertEquals("majority", VotingStrategy.findDefault().name());
    assertEquals("likelihood", VotingStrategy.named("likelihood").name());
    assertEquals("deepconf", VotingStrategy.named("deepconf").name());
    assertThrows(InvalidArgumentException.class, () -> VotingStrategy.named("nope"));
  }

  @Test
  void majorityGroupsEquivalentAnswersNotStrings() {
    VoteResult r = new MajorityVote().vote(branches("so $\\boxed{\\frac12}$", "it is 7", "$\\boxed{0.5}$",
        "answer: $\\frac{2}{4}$", "\\boxed{7}"));
    assertEquals("1/2", r.winner().normalized());
    AnswerVote top = r.tally().get(0);
    assertEquals(3, top.count());
    assertEquals(List.of(0, 2, 3), top.branches());
    assertEquals(2, r.tally().get(1).count());
    assertEquals(List.of(1, 4), r.tally().get(1).branches());
  }

  @Test
  void tiesGoToTheClassReachedFirstInTagOrder() {
    VoteResult r = new MajorityVote().vote(branches("\\boxed{3}", "\\boxed{5}", "\\boxed{5}", "\\boxed{3}"));
    assertEquals("3", r.winner().normalized());
    VoteResult swapped = new MajorityVote().vote(branches("\\boxed{5}", "\\boxed{3}", "\\boxed{3}", "\\boxed{5}"));
    assertEquals("5", swapped.winner().normalized());
  }

  @Test
  void unextractableAnswersNeverWin() {
    VoteResult r = new MajorityVote().vote(branches("I don't know", "no idea", "\\boxed{42}", "hmm"));
    assertEquals("42", r.winner().normalized());
    assertEquals(1, r.tally().size());
    VoteResult none = new MajorityVote().vote(branches("I don't know", "no idea"));
    assertFalse(none.winner().isPresent());
    assertTrue(none.tally().isEmpty());
  }

  @Test
  void likelihoodWeightedVoteLetsConfidentBranchesOutvoteAMajority() {
    List<Branch> bs = List.of(branch(0, "\\boxed{1}", -3f), branch(1, "\\boxed{1}", -3f), branch(2, "\\boxed{2}", -0.1f));
    assertEquals("1", new MajorityVote().vote(bs).winner().normalized());
    VoteResult r = new LikelihoodWeightedVote().vote(bs);
    assertEquals("2", r.winner().normalized());
    assertEquals(Math.exp(-0.1), r.tally().get(0).weight(), 1e-6);
    assertEquals(2 * Math.exp(-3), r.tally().get(1).weight(), 1e-6);
  }

  @Test
  void confidenceFilterDropsTheLeastConfidentTracesBeforeVoting() {
    // Three unconfident branches say 9, two confident ones say 4: dropping the least confident 60% leaves 4.
    List<Branch> bs = List.of(branch(0, "\\boxed{9}", -2f), branch(1, "\\boxed{4}", -0.2f),
        branch(2, "\\boxed{9}", -2.5f), branch(3, "\\boxed{4}", -0.3f), branch(4, "\\boxed{9}", -2.2f));
    assertEquals("9", new MajorityVote().vote(bs).winner().normalized());
    VoteResult r = new ConfidenceFilteredVote(new MathAnswerEquivalence(), 0.6).vote(bs);
    assertEquals("4", r.winner().normalized());
    assertEquals(1, r.tally().size());
    assertEquals(List.of(1, 3), r.tally().get(0).branches());
    // With nothing dropped it is a confidence-weighted majority: 2 e^-0.25 > e^-2 + e^-2.5 + e^-2.2.
    assertEquals("4", new ConfidenceFilteredVote(new MathAnswerEquivalence(), 0).vote(bs).winner().normalized());
    assertThrows(InvalidArgumentException.class, () -> new ConfidenceFilteredVote(new MathAnswerEquivalence(), 1.0));
  }

  @Test
  void lettersVoteCaseInsensitively() {
    LetterAnswerExtractor letters = new LetterAnswerExtractor();
    ExtractedAnswer a = letters.extract("The answer is (C).");
    ExtractedAnswer b = letters.extract("C. because ...");
    assertTrue(new MathAnswerEquivalence().equivalent(a, b));
    assertFalse(new MathAnswerEquivalence().equivalent(a, letters.extract("Answer: B")));
  }

  /** Groups answers by their last digit: a deliberately different notion of "the same answer". */
  private static final AnswerEquivalence LAST_DIGIT = new AnswerEquivalence() {
    @Override
    public String name() {
      return "last-digit";
    }

    @Override
    public boolean equivalent(ExtractedAnswer gold, ExtractedAnswer candidate) {
      String a = gold.normalized();
      String b = candidate.normalized();
      return !a.isEmpty() && !b.isEmpty() && a.charAt(a.length() - 1) == b.charAt(b.length() - 1);
    }
  };

  @Test
  void theEquivalenceGivenDecidesWhichAnswersVoteTogether() {
    List<Branch> bs = branches("\\boxed{13}", "\\boxed{2}", "\\boxed{23}", "\\boxed{12}", "\\boxed{2}");
    assertEquals("2", new MajorityVote().vote(bs).winner().normalized());
    for (VotingStrategy s : List.of(new MajorityVote(), new LikelihoodWeightedVote(),
        new ConfidenceFilteredVote(new MathAnswerEquivalence(), 0))) {
      VoteResult r = s.withEquivalence(LAST_DIGIT).vote(bs);
      assertEquals(List.of(1, 3, 4), r.tally().get(0).branches(), s.name());
      assertEquals(List.of(0, 2), r.tally().get(1).branches(), s.name());
      assertSame(LAST_DIGIT, ((WeightedVote) s.withEquivalence(LAST_DIGIT)).equivalence());
    }
  }

  @Test
  void withEquivalenceKeepsTheStrategysOtherSettings() {
    List<Branch> bs = List.of(branch(0, "\\boxed{9}", -2f), branch(1, "\\boxed{4}", -0.2f),
        branch(2, "\\boxed{9}", -2.5f), branch(3, "\\boxed{4}", -0.3f), branch(4, "\\boxed{9}", -2.2f));
    VoteResult r = new ConfidenceFilteredVote(new MathAnswerEquivalence(), 0.6).withEquivalence(LAST_DIGIT).vote(bs);
    assertEquals(List.of(1, 3), r.tally().get(0).branches());
    assertEquals(1, r.tally().size());
  }

  @Test
  void aCustomStrategyReusesTheGroupingAndTally() {
    // Votes weighted by the tag number: only the weight differs from majority.
    WeightedVote byTag = new WeightedVote(new MathAnswerEquivalence()) {
      @Override
      public String name() {
        return "by-tag";
      }

      @Override
      protected ToDoubleFunction<Branch> weights(List<Branch> answered) {
        return b -> b.trace().tagIndex();
      }
    };
    List<Branch> bs = branches("\\boxed{1}", "\\boxed{1}", "\\boxed{0.5}", "no answer", "\\boxed{1/2}");
    VoteResult r = byTag.vote(bs);
    assertEquals("1/2", r.winner().normalized());
    assertEquals(3 + 5, r.tally().get(0).weight(), 1e-12);
    assertEquals(List.of(2, 4), r.tally().get(0).branches());
    assertEquals(3, r.tally().get(1).weight(), 1e-12);
    // The same tally without subclassing.
    assertEquals(r.tally(), WeightedVote.tally(bs, new MathAnswerEquivalence(), b -> b.trace().tagIndex()).tally());
    assertThrows(InvalidArgumentException.class, () -> byTag.withEquivalence(LAST_DIGIT));
  }

  @Test
  void aBranchWithWeightZeroAbstains() {
    List<Branch> bs = branches("\\boxed{1}", "\\boxed{2}", "\\boxed{2}");
    VoteResult r = WeightedVote.tally(bs, new MathAnswerEquivalence(), b -> b.index() == 0 ? 1 : 0);
    assertEquals("1", r.winner().normalized());
    assertEquals(1, r.tally().size());
    VoteResult nan = WeightedVote.tally(bs, new MathAnswerEquivalence(), b -> Double.NaN);
    assertFalse(nan.winner().isPresent());
  }

  @Test
  void tracesWithoutAFinalAnswerCastNoVoteForWordsOrFalseStatements() {
    // Cut-off traces: their last formula is a word or a false statement, not an answer.
    VoteResult r = new MajorityVote().vote(branches("What is 37+48? Let $n$ be... \\(What\\)",
        "Add the ones: 7+8=15, write $0=102$ and", "$What$", "so \\boxed{85}", "Tens: $3 < 1$"));
    assertEquals("85", r.winner().normalized());
    assertEquals(1, r.tally().size());
    assertFalse(EXTRACTOR.extract("\\text{What}").isPresent());
    // A final answer is an answer whatever it says.
    assertTrue(EXTRACTOR.extract("\\boxed{\\text{no solution}}").isPresent());
    assertTrue(EXTRACTOR.extract("The answer is $0=0$").isPresent());
  }
}
