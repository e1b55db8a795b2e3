package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.spi.AnswerEquivalence;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The default strategy ({@code majority}): one vote per branch, over equivalence classes of answers (so
 * {@code 1/2} and {@code 0.5} vote together). Ties and missing answers as in {@link WeightedVote}.
 */
public final class MajorityVote extends WeightedVote {
  /** Uses the highest-priority {@link AnswerEquivalence} on the class path ({@code math} by default). */
  public MajorityVote() {
    this(AnswerEquivalence.findDefault());
  }

  /**
   * @param equivalence decides which answers are the same
   */
  public MajorityVote(AnswerEquivalence equivalence) {
    super(equivalence);
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
  protected ToDoubleFunction<Branch> weights(List<Branch> answered) {
    return b -> 1.0;
  }

  @Override
  public MajorityVote withEquivalence(AnswerEquivalence equivalence) {
    return new MajorityVote(equivalence);
  }
}
