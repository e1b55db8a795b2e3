package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.VotingStrategy;
import java.util.List;

/**
 * The default strategy ({@code majority}): one vote per branch, over equivalence classes of answers (so
 * {@code 1/2} and {@code 0.5} vote together). Ties go to the class reached first in branch (tag) order; branches
 * without an answer never win while any branch has one.
 */
public final class MajorityVote implements VotingStrategy {
  private final AnswerEquivalence equivalence;

  /** Uses {@link MathAnswerEquivalence}. */
  public MajorityVote() {
    this(new MathAnswerEquivalence());
  }

  /**
   * @param equivalence decides which answers are the same
   */
  public MajorityVote(AnswerEquivalence equivalence) {
    this.equivalence = equivalence;
  }

  @Override
  public String name() {
    return "majority";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public VoteResult vote(List<Branch> branches) {
    return AnswerClasses.vote(branches, equivalence, b -> 1.0);
  }
}
