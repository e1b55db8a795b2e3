package io.github.ssft4j;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link ParallelReasoner#consensus(String, int)}.
 *
 * @param question the question asked
 * @param answer the voted answer, or {@link ExtractedAnswer#NONE} when no branch produced one
 * @param votes every class of equivalent answers with its votes, the winner first
 * @param branches the {@code k} branches in tag-schedule order, each with its trace and extracted answer
 * @param usage tokens and time of the call
 * @param forkDistribution the model's distribution over its tags at the fork for this prompt (what a
 *     {@link TagSchedule#MODEL_CHOSEN} or {@link TagSchedule#MODEL_ARGMAX} schedule drew from); empty only when the
 *     backend does not compute it
 */
public record ConsensusResult(
    String question, ExtractedAnswer answer, List<AnswerVote> votes, List<Branch> branches, Usage usage,
    Optional<ForkDistribution> forkDistribution) {

  /** Copies the lists. */
  public ConsensusResult {
    Checks.notNull("question", question);
    Checks.notNull("answer", answer);
    votes = List.copyOf(Checks.notNull("votes", votes));
    branches = List.copyOf(Checks.notNull("branches", branches));
    Checks.notNull("usage", usage);
    Checks.notNull("forkDistribution", forkDistribution);
  }

  /** A result without a fork distribution. */
  public ConsensusResult(String question, ExtractedAnswer answer, List<AnswerVote> votes, List<Branch> branches,
      Usage usage) {
    this(question, answer, votes, branches, usage, Optional.empty());
  }

  /** @return the traces of all branches, in branch order */
  public List<Trace> traces() {
    return branches.stream().map(Branch::trace).toList();
  }

  /** @return the voted answer as written, or {@code ""} when there is none */
  public String answerText() {
    return answer.raw();
  }
}
