package app;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;

/** The README's quick-start, run from outside the ssft4j build. */
public class Quickstart {
  public static void main(String[] args) {
    Path model = Path.of(args[1], "model");
    try (ParallelReasoner reasoner = ParallelReasoner.load(model)) {
      ConsensusResult result = reasoner.consensus("What is 37+48?", 6);
      System.out.println("answer: " + result.answerText());
      result.votes().forEach(v -> System.out.println("vote: " + v));
      result.branches().forEach(b -> System.out.println(b.trace().tag() + " -> " + b.answer().raw()));
      if (result.branches().size() != 6) {
        throw new IllegalStateException("expected 6 branches, got " + result.branches().size());
      }
    }
    System.out.println("CONSUMER-OK inference");
  }
}
