package io.github.ssft4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat model on the real tiny Qwen2 fixture (ONNX Runtime, no mock): reply, metadata, AiServices. */
class SsftChatModelTest {
  static final GenerationOptions OPTIONS = GenerationOptions.DEFAULT.withSeed(11).withMaxNewTokens(40);
  @TempDir static Path tmp;
  static ParallelReasoner reasoner;

  @BeforeAll
  static void load() {
    reasoner = ParallelReasoner.builder(Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model")))
        .generation(OPTIONS).build();
  }

  @AfterAll
  static void close() {
    reasoner.close();
  }

  @Test
  void theReplyIsTheWinningBranchAndTheMetadataCarriesTheVote() {
    ChatModel model = SsftChatModel.builder(reasoner).k(4).modelName("qwen2-tiny").build();
    ChatResponse response = model.chat(UserMessage.from("What is 83 - 47?"));

    SsftChatResponseMetadata meta = assertInstanceOf(SsftChatResponseMetadata.class, response.metadata());
    ConsensusResult consensus = meta.consensus();
    assertEquals(4, consensus.branches().size());
    assertEquals(4, meta.branchAnswers().size());
    Branch winner = consensus.branches().get(meta.winningBranch());
    assertEquals(winner.trace().text(), response.aiMessage().text());
    assertEquals(consensus.answerText(), meta.answer());
    if (!consensus.votes().isEmpty()) {
      AnswerVote top = consensus.votes().get(0);
      assertTrue(top.branches().contains(meta.winningBranch()), "the reply comes from a branch that voted for "
          + top);
      assertEquals(top.answer().raw(), meta.votes().keySet().iterator().next());
      assertEquals(top.count(), meta.votes().values().iterator().next());
      assertEquals(meta.answer(), meta.branchAnswers().get(meta.winningBranch()));
    }
    assertEquals(meta.branchAnswers().stream().filter(a -> !a.isEmpty()).count(),
        meta.votes().values().stream().mapToInt(Integer::intValue).sum(), "every answer is one vote");
    assertEquals("qwen2-tiny", meta.modelName());
    assertEquals(consensus.usage().promptTokens(), meta.tokenUsage().inputTokenCount());
    assertEquals(consensus.usage().generatedTokens(), meta.tokenUsage().outputTokenCount());
    assertTrue(meta.finishReason() == FinishReason.STOP || meta.finishReason() == FinishReason.LENGTH);
  }

  @Test
  void theSameSeedGivesTheSameReplyAndRequestParametersOverrideTheOptions() {
    ChatModel model = SsftChatModel.builder(reasoner).k(2).build();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("What is 9 - 4?")).maxOutputTokens(8)
        .build();
    ChatResponse first = model.chat(request);
    ChatResponse second = model.chat(request);
    assertEquals(first.aiMessage().text(), second.aiMessage().text());
    SsftChatResponseMetadata meta = (SsftChatResponseMetadata) first.metadata();
    for (Branch b : meta.consensus().branches()) {
      assertTrue(b.trace().tokenIds().size() <= 8, "maxOutputTokens=8 caps every branch: " + b.trace());
    }
  }

  @Test
  void aConversationIsRenderedWithTheChatTemplate() {
    ChatModel model = SsftChatModel.builder(reasoner).k(2).build();
    ChatResponse response = model.chat(SystemMessage.from("Answer with a number."), UserMessage.from("What is 7-2?"),
        AiMessage.from("\\boxed{5}"), UserMessage.from("And 9-3?"));
    assertEquals(2, ((SsftChatResponseMetadata) response.metadata()).consensus().branches().size());
    assertEquals("And 9-3?", ((SsftChatResponseMetadata) response.metadata()).consensus().question());
  }

  @Test
  void toolsAreRejectedNamingThem() {
    ChatModel model = SsftChatModel.builder(reasoner).build();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("What is 2-1?"))
        .toolSpecifications(ToolSpecification.builder().name("calculator").build()).build();
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> model.chat(request));
    assertTrue(e.getMessage().contains("tool"), e.getMessage());
  }

  interface Calculator {
    Result<String> subtract(String question);
  }

  @Test
  void aiServicesAnswerASubtractionQuestionThroughTheReasoner() {
    Calculator calculator = AiServices.create(Calculator.class, SsftChatModel.builder(reasoner).k(6).build());
    Result<String> result = calculator.subtract("What is 83 - 47?");

    SsftChatResponseMetadata meta = assertInstanceOf(SsftChatResponseMetadata.class,
        result.finalResponse().metadata());
    assertEquals("What is 83 - 47?", meta.consensus().question());
    assertEquals(6, meta.branchAnswers().size());
    assertEquals(meta.consensus().branches().get(meta.winningBranch()).trace().text(), result.content());
    System.out.println("[langchain4j] AiServices on qwen2-tiny: answer '" + meta.answer() + "', votes "
        + meta.votes() + ", branches " + meta.branchAnswers());
  }
}
