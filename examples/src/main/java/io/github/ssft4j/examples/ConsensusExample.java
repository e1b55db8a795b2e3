package io.github.ssft4j.examples;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;

/**
 * Answers a question with six parallel branches, one per forking tag, and prints the vote.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -cp ... io.github.ssft4j.examples.ConsensusExample MODEL_DIR "What is 37+48?" [k]
 * }</pre>
 */
public final class ConsensusExample {
  private ConsensusExample() {}

  /**
   * @param args the model folder, the question, optionally the number of branches (default 6)
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: ConsensusExample MODEL_DIR QUESTION [K]");
      System.exit(2);
    }
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    try (ParallelReasoner reasoner = ParallelReasoner.builder(Path.of(args[0]))
        .generation(GenerationOptions.DEFAULT.withSeed(42).withMaxNewTokens(256))
        .build()) {
      ConsensusResult result = reasoner.consensus(args[1], k);
      for (Branch branch : result.branches()) {
        System.out.printf("%s -> %s%n", branch.trace().tag(),
            branch.answer().isPresent() ? branch.answer().raw() : "(no answer)");
      }
      for (AnswerVote vote : result.votes()) {
        System.out.printf("  %s: %d vote(s)%n", vote.answer().raw(), vote.count());
      }
      System.out.println("answer: " + result.answerText());
    }
  }
}
