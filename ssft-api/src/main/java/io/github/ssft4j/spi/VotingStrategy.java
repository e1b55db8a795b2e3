package io.github.ssft4j.spi;

import io.github.ssft4j.Branch;
import io.github.ssft4j.VoteResult;
import java.util.List;

/**
 * Turns the answers of {@code k} branches into one. Implementations are registered in
 * {@code META-INF/services/io.github.ssft4j.spi.VotingStrategy}; {@code ssft-voting} provides majority (the
 * default), likelihood-weighted and confidence-filtered votes. Must be thread-safe. A branch without an answer
 * never wins while any branch has one.
 */
public interface VotingStrategy {
  /** @return a short name, e.g. {@code majority} */
  String name();

  /** @return rank among implementations on the class path; the highest is the default */
  default int priority() {
    return 0;
  }

  /**
   * @param branches the branches in schedule order
   * @return the winner and the tally of every answer class
   */
  VoteResult vote(List<Branch> branches);

  /**
   * The same strategy comparing answers with another equivalence, so that an {@link AnswerEquivalence} passed to
   * {@code ParallelReasoner.Builder#answerEquivalence} reaches the vote.
   *
   * @param equivalence decides which answers are the same
   * @return a strategy like this one using {@code equivalence}
   * @throws io.github.ssft4j.InvalidArgumentException when this strategy does not compare answers (the default)
   */
  default VotingStrategy withEquivalence(AnswerEquivalence equivalence) {
    throw new io.github.ssft4j.InvalidArgumentException("voting strategy '" + name()
        + "' does not take an AnswerEquivalence");
  }

  /** @return the highest-priority implementation on the class path (from {@code ssft-voting}) */
  static VotingStrategy findDefault() {
    return ServiceLookup.best(VotingStrategy.class, VotingStrategy::priority, "ssft-voting");
  }

  /**
   * @param name a strategy name such as {@code majority}
   * @return the implementation on the class path with that name
   * @throws io.github.ssft4j.InvalidArgumentException when there is none
   */
  static VotingStrategy named(String name) {
    List<VotingStrategy> all = ServiceLookup.all(VotingStrategy.class, VotingStrategy::priority);
    return all.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new io.github.ssft4j.InvalidArgumentException("no voting strategy named '" + name
            + "'; available: " + all.stream().map(VotingStrategy::name).toList()));
  }
}
