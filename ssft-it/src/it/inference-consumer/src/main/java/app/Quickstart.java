package app;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;

/** The README's quick-start, run from outside the ssft4j build: the demo model answers a subtraction. */
public class Quickstart {
  public static void main(String[] args) {
    try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
      ConsensusResult result = reasoner.consensus("What is 83-47?", 6);
      System.out.println("answer: " + result.answerText());
      result.votes().forEach(v -> System.out.println("vote: " + v.answer().raw() + " x" + v.count()));
      result.branches().forEach(b -> System.out.println(b.trace().tag() + " -> " + b.answer().raw()));
      if (result.branches().size() != 6) {
        throw new IllegalStateException("expected 6 branches, got " + result.branches().size());
      }
      if (!result.answer().isPresent()) {
        throw new IllegalStateException("the demo model gave no answer: " + result.traces());
      }
    }
    System.out.println("CONSUMER-OK inference");
  }
}
