package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.spi.AnswerEquivalence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Confidence-filtered vote ({@code deepconf}), after DeepConf: branches with an answer are ranked by their lowest
 * sliding-window mean log-probability ({@link io.github.ssft4j.LogProbSummary#lowestWindowMean()}); the least
 * confident {@code dropFraction} of them abstain (at least one is kept), and the rest vote with weight
 * {@code exp(lowestWindowMean)}. Ties and missing answers as in {@link WeightedVote}.
 */
public final class ConfidenceFilteredVote extends WeightedVote {
  /** The default fraction dropped, DeepConf's "high" setting (keep the top 90%). */
  public static final double DEFAULT_DROP_FRACTION = 0.1;

  private final double dropFraction;

  /** Drops the least confident 10%; the highest-priority {@link AnswerEquivalence} on the class path. */
  public ConfidenceFilteredVote() {
    this(AnswerEquivalence.findDefault(), DEFAULT_DROP_FRACTION);
  }

  /**
   * @param equivalence decides which answers are the same
   * @param dropFraction fraction of answered branches to drop, in {@code [0, 1)}
   * @throws InvalidArgumentException when {@code dropFraction} is outside {@code [0, 1)}
   */
  public ConfidenceFilteredVote(AnswerEquivalence equivalence, double dropFraction) {
    super(equivalence);
    if (!(dropFraction >= 0 && dropFraction < 1)) {
      throw new InvalidArgumentException("dropFraction must be in [0, 1), got " + dropFraction);
    }
    this.dropFraction = dropFraction;
  }

  @Override
  public String name() {
    return "deepconf";
  }

  @Override
  public int priority() {
    return 40;
  }

  @Override
  public ConfidenceFilteredVote withEquivalence(AnswerEquivalence equivalence) {
    return new ConfidenceFilteredVote(equivalence, dropFraction);
  }

  @Override
  protected ToDoubleFunction<Branch> weights(List<Branch> answered) {
    // Most confident first; equal confidence keeps branch order.
    List<Branch> ranked = new ArrayList<>(answered);
    ranked.sort(Comparator.comparingDouble(ConfidenceFilteredVote::confidence).reversed());
    int keep = Math.max(1, (int) Math.ceil(ranked.size() * (1 - dropFraction) - 1e-9));
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < Math.min(keep, ranked.size()); i++) {
      kept.add(ranked.get(i).index());
    }
    return b -> kept.contains(b.index()) ? Math.max(Double.MIN_NORMAL, Math.exp(confidence(b))) : 0;
  }

  static double confidence(Branch b) {
    return b.trace().logProbs().tokens() == 0 ? 0 : b.trace().logProbs().lowestWindowMean();
  }
}
