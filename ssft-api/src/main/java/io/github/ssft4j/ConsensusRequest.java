package io.github.ssft4j;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One call to a {@link ParallelReasoner}: what is asked, how many branches under which tags, how they sample, who
 * watches, and how long it may take. Immutable; built with {@link #builder(String)}:
 *
 * <pre>{@code
 * ConsensusRequest request = ConsensusRequest.builder("What is 83-47?")
 *     .k(6)
 *     .options(GenerationOptions.DEFAULT.withSeed(7))
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * Settings left unset take the reasoner's defaults: its {@link GenerationOptions}, its {@link TagSchedule}, no
 * listener and no timeout.
 */
public final class ConsensusRequest {
  /** Branches when {@link Builder#k(int)} is not set: one per tag of the paper's six. */
  public static final int DEFAULT_K = 6;

  private final Prompt prompt;
  private final String question;
  private final int k;
  private final List<Integer> tags;
  private final GenerationOptions options;
  private final StreamListener listener;
  private final Duration timeout;

  private ConsensusRequest(Builder b) {
    this.prompt = b.prompt;
    this.question = b.question;
    this.tags = b.tags;
    this.k = b.tags != null ? b.tags.size() : b.k;
    this.options = b.options;
    this.listener = b.listener;
    this.timeout = b.timeout;
  }

  /**
   * @param question the user's message; the reasoner adds its system prompt and renders the chat template
   * @return a builder for a request about it
   * @throws InvalidArgumentException when {@code question} is null or blank
   */
  public static Builder builder(String question) {
    Checks.notNull("question", question);
    if (question.isBlank()) {
      throw new InvalidArgumentException("question must not be empty or blank");
    }
    return new Builder(null, question);
  }

  /**
   * @param messages a whole conversation (system, user and assistant turns), rendered with the chat template
   * @return a builder for a request answering its last turn
   */
  public static Builder builder(List<ChatMessage> messages) {
    return new Builder(new Prompt.Chat(Checks.notNull("messages", messages)), null);
  }

  /**
   * @param prompt chat messages, or text used as it is
   * @return a builder for a request about it
   */
  public static Builder builder(Prompt prompt) {
    return new Builder(Checks.notNull("prompt", prompt), null);
  }

  /**
   * @param systemPrompt the reasoner's system prompt, or {@code null} for none; used for a plain question only
   * @return the prompt the model sees
   */
  public Prompt prompt(String systemPrompt) {
    return prompt != null ? prompt : Prompt.question(systemPrompt, question);
  }

  /** @return the question as asked, or, for chat and text prompts, the last user message or the text */
  public String question() {
    if (question != null) {
      return question;
    }
    if (prompt instanceof Prompt.Text text) {
      return text.text();
    }
    List<ChatMessage> messages = ((Prompt.Chat) prompt).messages();
    return messages.get(messages.size() - 1).content();
  }

  /** @return the number of branches */
  public int k() {
    return k;
  }

  /** @return the explicit tag of every branch, when set; otherwise the reasoner's schedule decides */
  public Optional<List<Integer>> tags() {
    return Optional.ofNullable(tags);
  }

  /** @return this call's sampling options, when set; otherwise the reasoner's */
  public Optional<GenerationOptions> options() {
    return Optional.ofNullable(options);
  }

  /** @return who watches the tokens; {@link StreamListener#NONE} unless set */
  public StreamListener listener() {
    return listener;
  }

  /** @return how long the call may take, when limited */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Collects a request's settings; {@link #build()} makes the immutable request. */
  public static final class Builder {
    private final Prompt prompt;
    private final String question;
    private int k = DEFAULT_K;
    private List<Integer> tags;
    private GenerationOptions options;
    private StreamListener listener = StreamListener.NONE;
    private Duration timeout;

    private Builder(Prompt prompt, String question) {
      this.prompt = prompt;
      this.question = question;
    }

    /**
     * Sets the number of branches; their tags follow the reasoner's {@link TagSchedule}.
     *
     * @param branches {@code >= 1}; default {@link #DEFAULT_K}
     * @return this builder
     */
    public Builder k(int branches) {
      this.k = Checks.positive("k", branches);
      this.tags = null;
      return this;
    }

    /**
     * Gives every branch its tag explicitly (e.g. {@code 1,1,1,2,2,2} for three samples under each of two tags);
     * the number of branches is the list's size.
     *
     * @param branchTags one 1-based tag index per branch, {@code 0} for no tag
     * @return this builder
     */
    public Builder tags(List<Integer> branchTags) {
      List<Integer> copy = List.copyOf(Checks.notNull("tags", branchTags));
      if (copy.isEmpty()) {
        throw new InvalidArgumentException("tags must name at least one branch");
      }
      for (int t : copy) {
        Checks.nonNegative("tags[i]", t);
      }
      this.tags = copy;
      return this;
    }

    /**
     * @param generation sampling options for this call; default the reasoner's
     * @return this builder
     */
    public Builder options(GenerationOptions generation) {
      this.options = Checks.notNull("options", generation);
      return this;
    }

    /**
     * @param streamListener receives every branch's tokens as they are sampled; default none
     * @return this builder
     */
    public Builder listener(StreamListener streamListener) {
      this.listener = Checks.notNull("listener", streamListener);
      return this;
    }

    /**
     * Limits the call's wall time; past it the call stops within one decode step with a
     * {@link GenerationCancelledException} whose {@code timedOut()} is true.
     *
     * @param limit a positive duration; default none
     * @return this builder
     */
    public Builder timeout(Duration limit) {
      Checks.notNull("timeout", limit);
      if (limit.isNegative() || limit.isZero()) {
        throw new InvalidArgumentException("timeout must be positive, got " + limit);
      }
      this.timeout = limit;
      return this;
    }

    /** @return the request */
    public ConsensusRequest build() {
      return new ConsensusRequest(this);
    }
  }
}
