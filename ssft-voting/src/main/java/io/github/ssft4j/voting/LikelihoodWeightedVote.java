package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.VotingStrategy;
import java.util.List;

/**
 * Likelihood-weighted vote ({@code likelihood}): each branch votes with its per-token geometric-mean probability,
 * {@code exp(mean log-probability)}, so that long traces are not penalised for their length. Ties and missing
 * answers as in {@link MajorityVote}.
 */
public final class LikelihoodWeightedVote implements VotingStrategy {
  private final AnswerEquivalence equivalence;

  /** Uses {@link MathAnswerEquivalence}. */
  public LikelihoodWeightedVote() {
    this(new MathAnswerEquivalence());
  }

  /**
   * @param equivalence decides which answers are the same
   */
  public LikelihoodWeightedVote(AnswerEquivalence equivalence) {
    this.equivalence = equivalence;
  }

  @Override
  public String name() {
    return "likelihood";
  }

  @Override
  public int priority() {
    return 50;
  }

  @Override
  public VoteResult vote(List<Branch> branches) {
    return AnswerClasses.vote(branches, equivalence, LikelihoodWeightedVote::weight);
  }

  static double weight(Branch b) {
    // An empty trace carries no evidence of confidence: count it as a plain vote.
    return b.trace().logProbs().tokens() == 0 ? 1.0 : Math.exp(b.trace().logProbs().mean());
  }
}
