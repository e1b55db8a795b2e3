package io.github.ssft4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import java.util.ArrayList;
import java.util.List;

/** What both models share: the settings, a LangChain4j request as a consensus request, a result as a response. */
final class Conversion {
  final ParallelReasoner reasoner;
  private final int k;
  private final GenerationOptions generation;
  private final String systemPrompt;
  private final String modelName;

  Conversion(ParallelReasoner reasoner, int k, GenerationOptions generation, String systemPrompt, String modelName) {
    this.reasoner = reasoner;
    this.k = k;
    this.generation = generation;
    this.systemPrompt = systemPrompt;
    this.modelName = modelName;
  }

  /**
   * A lone user message is asked as a question (the reasoner adds its system prompt, as in training); a conversation
   * is rendered with the chat template, this adapter's system prompt first unless it has one.
   */
  ConsensusRequest.Builder request(ChatRequest request) {
    ChatRequestParameters p = request.parameters();
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      throw new UnsupportedFeatureException("ssft4j models do not call tools; the request has "
          + p.toolSpecifications().size() + " tool specification(s)");
    }
    if (p.responseFormat() != null && p.responseFormat().type() == ResponseFormatType.JSON) {
      throw new UnsupportedFeatureException("ssft4j models answer in text; JSON response format is not supported");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
      messages.add(message(m));
    }
    ConsensusRequest.Builder builder;
    if (messages.size() == 1 && messages.get(0).role().equals("user")) {
      builder = ConsensusRequest.builder(messages.get(0).content());
    } else {
      if (systemPrompt != null && messages.stream().noneMatch(m -> m.role().equals("system"))) {
        messages.add(0, ChatMessage.system(systemPrompt));
      }
      builder = ConsensusRequest.builder(messages);
    }
    return builder.k(k).options(options(p));
  }

  private GenerationOptions options(ChatRequestParameters p) {
    GenerationOptions o = generation != null ? generation : reasoner.generationOptions();
    if (p.temperature() != null) {
      o = o.withTemperature(p.temperature());
    }
    if (p.topP() != null) {
      o = o.withTopP(p.topP());
    }
    if (p.topK() != null) {
      o = o.withTopK(p.topK());
    }
    if (p.maxOutputTokens() != null) {
      o = o.withMaxNewTokens(p.maxOutputTokens());
    }
    if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
      o = o.withStopStrings(p.stopSequences());
    }
    return o;
  }

  private static ChatMessage message(dev.langchain4j.data.message.ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return ChatMessage.system(s.text());
    }
    if (m instanceof UserMessage u) {
      if (!u.hasSingleText()) {
        throw new UnsupportedFeatureException("ssft4j models read text only; a user message has " + u.contents());
      }
      return ChatMessage.user(u.singleText());
    }
    if (m instanceof AiMessage a && !a.hasToolExecutionRequests()) {
      return new ChatMessage("assistant", a.text() == null ? "" : a.text());
    }
    throw new UnsupportedFeatureException("ssft4j models take system, user and assistant text messages, not "
        + m.type() + " messages");
  }

  ChatResponse response(ConsensusResult result) {
    SsftChatResponseMetadata metadata = SsftChatResponseMetadata.builder()
        .consensus(result)
        .modelName(modelName)
        .tokenUsage(new TokenUsage(result.usage().promptTokens(), result.usage().generatedTokens()))
        .finishReason(finishReason(result.branches().get(SsftChatResponseMetadata.winningBranch(result))))
        .build();
    return ChatResponse.builder().aiMessage(AiMessage.from(metadata.winner().trace().text())).metadata(metadata)
        .build();
  }

  private static FinishReason finishReason(Branch winner) {
    return switch (winner.trace().finishReason()) {
      case EOS, STOP_STRING -> FinishReason.STOP;
      case MAX_TOKENS -> FinishReason.LENGTH;
    };
  }
}
