package io.github.ssft4j.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import java.util.Objects;

/**
 * A LangChain4j {@link ChatModel} that answers with a {@link ParallelReasoner}: each call runs {@code k} branches,
 * one per forking tag, and votes. The reply ({@link ChatResponse#aiMessage()}) is the text of the first branch whose
 * answer won; {@link ChatResponse#metadata()} is a {@link SsftChatResponseMetadata} with the tally, the chosen
 * answer and every branch's answer.
 *
 * <pre>{@code
 * ChatModel model = SsftChatModel.builder(reasoner).k(6).build();
 * ChatResponse response = model.chat(UserMessage.from("What is 83 - 47?"));
 * SsftChatResponseMetadata vote = (SsftChatResponseMetadata) response.metadata();
 * System.out.println(vote.answer() + " from " + vote.votes());
 * }</pre>
 *
 * <p>A request of one user message is asked as a question (the reasoner adds its system prompt, as the model was
 * trained); a longer conversation is rendered with the model's chat template, led by {@link
 * Builder#systemPrompt(String)} unless it has a system message. The request's temperature, top-p, top-k, maximum
 * output tokens and stop sequences override the configured {@link GenerationOptions}; tools, JSON response formats
 * and non-text content are rejected with LangChain4j's {@code UnsupportedFeatureException}.
 *
 * <p>Thread-safe, as the reasoner is; closing the reasoner is the caller's business.
 */
public final class SsftChatModel implements ChatModel {
  private final Conversion conversion;

  private SsftChatModel(Conversion conversion) {
    this.conversion = conversion;
  }

  /**
   * @param reasoner the reasoner that answers; not closed by the model
   * @return a builder of a chat model (or, through {@link Builder#buildStreaming()}, a streaming one)
   */
  public static Builder builder(ParallelReasoner reasoner) {
    return new Builder(reasoner);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return conversion.response(conversion.reasoner.consensus(conversion.request(request).build()));
  }

  /** Configures {@link SsftChatModel} and {@link SsftStreamingChatModel}. */
  public static final class Builder {
    private final ParallelReasoner reasoner;
    private int k = ConsensusRequest.DEFAULT_K;
    private GenerationOptions generation;
    private String systemPrompt = ParallelReasoner.DEFAULT_SYSTEM_PROMPT;
    private String modelName = "ssft4j";

    private Builder(ParallelReasoner reasoner) {
      this.reasoner = Objects.requireNonNull(reasoner, "reasoner");
    }

    /**
     * Sets the number of branches of every call.
     *
     * @param branches branches, {@code >= 1}; default {@value ConsensusRequest#DEFAULT_K}
     * @return this builder
     * @throws InvalidArgumentException when {@code branches < 1}
     */
    public Builder k(int branches) {
      if (branches < 1) {
        throw new InvalidArgumentException("k must be >= 1, got " + branches);
      }
      this.k = branches;
      return this;
    }

    /**
     * Sets the sampling options; a request's own parameters override them field by field.
     *
     * @param options the options; default the reasoner's {@link ParallelReasoner#generationOptions()}
     * @return this builder
     */
    public Builder generation(GenerationOptions options) {
      this.generation = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets the system message placed before a conversation that has none. A lone user message gets the
     * reasoner's own system prompt instead.
     *
     * @param prompt the system message, or {@code null} for none; default {@link ParallelReasoner#DEFAULT_SYSTEM_PROMPT}
     * @return this builder
     */
    public Builder systemPrompt(String prompt) {
      this.systemPrompt = prompt;
      return this;
    }

    /**
     * Sets the model name reported in the response metadata.
     *
     * @param name the name; default {@code "ssft4j"}
     * @return this builder
     */
    public Builder modelName(String name) {
      this.modelName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** @return a chat model with these settings */
    public SsftChatModel build() {
      return new SsftChatModel(conversion());
    }

    /** @return a streaming chat model with these settings */
    public SsftStreamingChatModel buildStreaming() {
      return new SsftStreamingChatModel(conversion());
    }

    private Conversion conversion() {
      return new Conversion(reasoner, k, generation, systemPrompt, modelName);
    }
  }
}
