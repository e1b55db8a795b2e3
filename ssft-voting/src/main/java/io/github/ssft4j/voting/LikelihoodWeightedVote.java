package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.spi.AnswerEquivalence;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Likelihood-weighted vote ({@code likelihood}): each branch votes with its per-token geometric-mean probability,
 * {@code exp(mean log-probability)}, so that long traces are not penalised for their length. Ties and missing
 * answers as in {@link WeightedVote}.
 */
public final class LikelihoodWeightedVote extends WeightedVote {
  /** Uses the highest-priority {@link AnswerEquivalence} on the class path ({@code math} by default). */
  public LikelihoodWeightedVote() {
    this(AnswerEquivalence.findDefault());
  }

  /**
   * @param equivalence decides which answers are the same
   */
  public LikelihoodWeightedVote(AnswerEquivalence equivalence) {
    super(equivalence);
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
  protected ToDoubleFunction<Branch> weights(List<Branch> answered) {
    return LikelihoodWeightedVote::weight;
  }

  @Override
  public LikelihoodWeightedVote withEquivalence(AnswerEquivalence equivalence) {
    return new LikelihoodWeightedVote(equivalence);
  }

  static double weight(Branch b) {
    // An empty trace carries no evidence of confidence: count it as a plain vote. A vanishing probability still
    // votes (weight 0 would abstain).
    return b.trace().logProbs().tokens() == 0 ? 1.0
        : Math.max(Double.MIN_NORMAL, Math.exp(b.trace().logProbs().mean()));
  }
}
