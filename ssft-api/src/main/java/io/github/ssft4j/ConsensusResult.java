package io.github.ssft4j;

import java.util.List;

/**
 * The outcome of {@link ParallelReasoner#consensus(String, int)}.
 *
 * @param question the question asked
 * @param answer the voted answer, or {@link ExtractedAnswer#NONE} when no branch produced one
 * @param votes every class of equivalent answers with its votes, the winner first
 * @param branches the {@code k} branches in tag-schedule order, each with its trace and extracted answer
 * @param usage tokens and time of the call
 */
public record ConsensusResult(
    String question, ExtractedAnswer answer, List<AnswerVote> votes, List<Branch> branches, Usage usage) {

  /** Copies the lists. */
  public ConsensusResult {
    Checks.notNull("question", question);
    Checks.notNull("answer", answer);
    votes = List.copyOf(Checks.notNull("votes", votes));
    branches = List.copyOf(Checks.notNull("branches", branches));
    Checks.notNull("usage", usage);
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
