package io.github.ssft4j.examples;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;

/**
 * The quick-start: the demo model ({@code io.github.ssft4j:ssft-demo-model}) answers with six branches, one per
 * forking tag, and votes.
 */
public final class DemoQuickStart {
  private DemoQuickStart() {}

  /** @param args ignored */
  public static void main(String[] args) {
    try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
      ConsensusResult result = reasoner.consensus("What is 83-47?", 6);
      result.branches().forEach(b -> System.out.println(b.trace().tag() + " " + b.trace().text()));
      System.out.println("votes: " + result.votes().size() + ", answer: " + result.answerText());
    }
  }
}
