package io.github.ssft4j.voting;

import io.github.ssft4j.Branch;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.VotingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Confidence-filtered vote ({@code deepconf}), after DeepConf: branches with an answer are ranked by their lowest
 * sliding-window mean log-probability ({@link io.github.ssft4j.LogProbSummary#lowestWindowMean()}); the least
 * confident {@code dropFraction} of them are dropped (at least one is kept), and the rest vote with weight
 * {@code exp(lowestWindowMean)}. Ties and missing answers as in {@link MajorityVote}.
 */
public final class ConfidenceFilteredVote implements VotingStrategy {
  /** The default fraction dropped, DeepConf's "high" setting (keep the top 90%). */
  public static final double DEFAULT_DROP_FRACTION = 0.1;

  private final AnswerEquivalence equivalence;
  private final double dropFraction;

  /** Drops the least confident 10%, uses {@link MathAnswerEquivalence}. */
  public ConfidenceFilteredVote() {
    this(new MathAnswerEquivalence(), DEFAULT_DROP_FRACTION);
  }

  /**
   * @param equivalence decides which answers are the same
   * @param dropFraction fraction of answered branches to drop, in {@code [0, 1)}
   * @throws InvalidArgumentException when {@code dropFraction} is outside {@code [0, 1)}
   */
  public ConfidenceFilteredVote(AnswerEquivalence equivalence, double dropFraction) {
    if (!(dropFraction >= 0 && dropFraction < 1)) {
      throw new InvalidArgumentException("dropFraction must be in [0, 1), got " + dropFraction);
    }
    this.equivalence = equivalence;
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
  public VoteResult vote(List<Branch> branches) {
    List<Branch> answered = new ArrayList<>();
    for (Branch b : branches) {
      if (b != null && b.answer().isPresent()) {
        answered.add(b);
      }
    }
    // Most confident first; equal confidence keeps branch order.
    answered.sort(Comparator.comparingDouble(ConfidenceFilteredVote::confidence).reversed());
    int keep = Math.max(1, (int) Math.ceil(answered.size() * (1 - dropFraction) - 1e-9));
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < Math.min(keep, answered.size()); i++) {
      kept.add(answered.get(i).index());
    }
    List<Branch> voters = new ArrayList<>();
    for (Branch b : branches) {
      if (b != null && kept.contains(b.index())) {
        voters.add(b);
      }
    }
    return AnswerClasses.vote(voters, equivalence, b -> Math.exp(confidence(b)));
  }

  static double confidence(Branch b) {
    return b.trace().logProbs().tokens() == 0 ? 0 : b.trace().logProbs().lowestWindowMean();
  }
}
