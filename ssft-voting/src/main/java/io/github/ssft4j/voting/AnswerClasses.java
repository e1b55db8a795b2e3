package io.github.ssft4j.voting;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.VoteResult;
import io.github.ssft4j.spi.AnswerEquivalence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Groups branches into equivalence classes of answers and tallies weighted votes. Branches without an answer join
 * no class, so they can never win while any branch has one.
 *
 * <p>Tie rule: among classes of equal weight the one whose first branch comes first in branch order (that is, in
 * tag order) wins.
 */
final class AnswerClasses {
  private AnswerClasses() {}

  /**
   * @param branches the branches in schedule order
   * @param equivalence decides whether two answers are the same
   * @param weight each branch's vote weight, non-negative
   * @return the winner and the tally
   */
  static VoteResult vote(List<Branch> branches, AnswerEquivalence equivalence, ToDoubleFunction<Branch> weight) {
    List<ExtractedAnswer> reps = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    List<double[]> weights = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      Branch b = branches.get(i);
      if (b == null || !b.answer().isPresent()) {
        continue;
      }
      int cls = -1;
      for (int c = 0; c < reps.size() && cls < 0; c++) {
        ExtractedAnswer rep = reps.get(c);
        if (rep.normalized().equals(b.answer().normalized()) && rep.kind() == b.answer().kind()
            || equivalence.equivalent(rep, b.answer())) {
          cls = c;
        }
      }
      if (cls < 0) {
        reps.add(b.answer());
        members.add(new ArrayList<>());
        weights.add(new double[1]);
        cls = reps.size() - 1;
      }
      members.get(cls).add(b.index());
      double w = weight.applyAsDouble(b);
      weights.get(cls)[0] += Double.isFinite(w) && w > 0 ? w : 0;
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
}
