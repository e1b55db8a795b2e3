package io.github.ssft4j.voting;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.VotingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The one vote mechanism behind every strategy here: branches are grouped into classes of equivalent answers (by
 * the strategy's {@link AnswerEquivalence}) and each class scores the summed weight of its branches. Strategies
 * differ only in {@link #weights(List)}, the weight of a branch. A custom strategy extends this class, or calls
 * {@link #tally} directly:
 *
 * <pre>{@code
 * VotingStrategy shortestWins = new WeightedVote(AnswerEquivalence.findDefault()) {
 *   public String name() { return "short"; }
 *   protected ToDoubleFunction<Branch> weights(List<Branch> answered) {
 *     return b -> 1.0 / (1 + b.trace().tokenIds().size());
 *   }
 * };
 * }</pre>
 *
 * <p>Rules shared by all: a branch without an answer joins no class, so it never wins while any branch has one;
 * a weight of {@code 0} (or not a finite positive number) abstains, so that branch is in no class either; among
 * classes of equal weight the one whose first branch comes first in branch (tag) order wins.
 */
public abstract class WeightedVote implements VotingStrategy {
  private final AnswerEquivalence equivalence;

  /**
   * @param equivalence decides which answers are the same
   * @throws InvalidArgumentException when it is {@code null}
   */
  protected WeightedVote(AnswerEquivalence equivalence) {
    if (equivalence == null) {
      throw new InvalidArgumentException("equivalence must not be null");
    }
    this.equivalence = equivalence;
  }

  /** @return how this strategy decides which answers are the same */
  public final AnswerEquivalence equivalence() {
    return equivalence;
  }

  /**
   * The weight of each branch in this vote.
   *
   * @param answered the branches that have an answer, in branch order
   * @return each branch's weight; {@code 0} abstains
   */
  protected abstract ToDoubleFunction<Branch> weights(List<Branch> answered);

  @Override
  public final VoteResult vote(List<Branch> branches) {
    List<Branch> answered = new ArrayList<>();
    for (Branch b : branches) {
      if (b != null && b.answer().isPresent()) {
        answered.add(b);
      }
    }
    return tally(answered, equivalence, weights(List.copyOf(answered)));
  }

  /**
   * Groups branches into classes of equivalent answers and sums their weights: the grouping and tally every
   * strategy here uses, for strategies that do not extend this class.
   *
   * @param branches the branches in schedule order ({@code null} entries and branches without answer are skipped)
   * @param equivalence decides whether two answers are the same
   * @param weight each branch's vote weight; {@code 0}, negative or non-finite abstains
   * @return the winner (the heaviest class, ties to the class reached first) and the tally, heaviest first
   */
  public static VoteResult tally(List<Branch> branches, AnswerEquivalence equivalence,
      ToDoubleFunction<Branch> weight) {
    List<ExtractedAnswer> reps = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    List<double[]> weights = new ArrayList<>();
    for (Branch b : branches) {
      if (b == null || !b.answer().isPresent()) {
        continue;
      }
      double w = weight.applyAsDouble(b);
      if (!(w > 0) || !Double.isFinite(w)) {
        continue;
      }
      int cls = classOf(reps, b.answer(), equivalence);
      if (cls < 0) {
        reps.add(b.answer());
        members.add(new ArrayList<>());
        weights.add(new double[1]);
        cls = reps.size() - 1;
      }
      members.get(cls).add(b.index());
      weights.get(cls)[0] += w;
    }
    List<AnswerVote> tally = new ArrayList<>();
    for (int c = 0; c < reps.size(); c++) {
      List<Integer> m = new ArrayList<>(members.get(c));
      m.sort(null);
      tally.add(new AnswerVote(reps.get(c), m.size(), weights.get(c)[0], m));
    }
    // Stable sort: equal weights keep first-reached order, which is the tie rule.
    tally.sort(Comparator.comparingDouble(AnswerVote::weight).reversed());
    return new VoteResult(tally.isEmpty() ? ExtractedAnswer.NONE : tally.get(0).answer(), tally);
  }

  private static int classOf(List<ExtractedAnswer> reps, ExtractedAnswer answer, AnswerEquivalence equivalence) {
    for (int c = 0; c < reps.size(); c++) {
      ExtractedAnswer rep = reps.get(c);
      if (rep.kind() == answer.kind() && rep.normalized().equals(answer.normalized())
          || equivalence.equivalent(rep, answer)) {
        return c;
      }
    }
    return -1;
  }
}
