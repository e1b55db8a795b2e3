package app;

import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.langchain4j.SsftChatModel;
import io.github.ssft4j.langchain4j.SsftChatResponseMetadata;

/** The README's LangChain4j example, run from outside the ssft4j build on the demo model. */
public class Assistant {
  interface Calculator {
    Result<String> subtract(String question);
  }

  public static void main(String[] args) {
    try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
      Calculator calculator = AiServices.create(Calculator.class, SsftChatModel.builder(reasoner).k(6).build());
      Result<String> reply = calculator.subtract("What is 83-47?");
      SsftChatResponseMetadata vote = (SsftChatResponseMetadata) reply.finalResponse().metadata();
      System.out.println(vote.answer() + " " + vote.votes() + " " + vote.branchAnswers());
      if (vote.branchAnswers().size() != 6 || vote.answer().isEmpty()) {
        throw new IllegalStateException("no consensus: " + vote);
      }
    }
    System.out.println("CONSUMER-OK langchain4j");
  }
}
