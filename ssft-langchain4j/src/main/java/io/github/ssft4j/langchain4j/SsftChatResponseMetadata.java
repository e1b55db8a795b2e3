package io.github.ssft4j.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The response metadata of {@link SsftChatModel} and {@link SsftStreamingChatModel}: LangChain4j's (model name,
 * token usage, finish reason) plus the consensus behind the reply.
 *
 * <pre>{@code
 * ChatResponse response = model.chat(ChatRequest.builder().messages(UserMessage.from("What is 83 - 47?")).build());
 * SsftChatResponseMetadata vote = (SsftChatResponseMetadata) response.metadata();
 * System.out.println(vote.answer() + " " + vote.votes() + " " + vote.branchAnswers());
 * }</pre>
 */
public final class SsftChatResponseMetadata extends ChatResponseMetadata {
  private final ConsensusResult consensus;
  private final int winningBranch;

  private SsftChatResponseMetadata(Builder builder) {
    super(builder);
    this.consensus = Objects.requireNonNull(builder.consensus, "consensus");
    this.winningBranch = winningBranch(consensus);
  }

  /** @return the whole consensus call: every branch's trace and answer, the tally, the usage */
  public ConsensusResult consensus() {
    return consensus;
  }

  /** @return the voted answer as written (e.g. {@code "36"}), or {@code ""} when no branch gave one */
  public String answer() {
    return consensus.answerText();
  }

  /**
   * @return the tally: each class of equivalent answers (by its first answer as written) with its number of votes,
   *     the winner first
   */
  public Map<String, Integer> votes() {
    Map<String, Integer> tally = new LinkedHashMap<>();
    for (AnswerVote vote : consensus.votes()) {
      tally.put(vote.answer().raw(), vote.count());
    }
    return tally;
  }

  /** @return each branch's extracted answer as written, in branch order; {@code ""} where a branch gave none */
  public List<String> branchAnswers() {
    return consensus.branches().stream().map(b -> b.answer().raw()).toList();
  }

  /** @return the index of the branch whose text is the reply: the first branch that voted for the winner */
  public int winningBranch() {
    return winningBranch;
  }

  /** @return the branch whose text is the reply */
  Branch winner() {
    return consensus.branches().get(winningBranch);
  }

  static int winningBranch(ConsensusResult consensus) {
    List<AnswerVote> votes = consensus.votes();
    return votes.isEmpty() || votes.get(0).branches().isEmpty() ? 0 : votes.get(0).branches().get(0);
  }

  @Override
  public Builder toBuilder() {
    return ((Builder) toBuilder(builder())).consensus(consensus);
  }

  /** @return a builder; {@link Builder#consensus(ConsensusResult)} is required */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SsftChatResponseMetadata that && super.equals(o) && consensus.equals(that.consensus);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + consensus.hashCode();
  }

  @Override
  public String toString() {
    return "SsftChatResponseMetadata{modelName='" + modelName() + "', tokenUsage=" + tokenUsage() + ", finishReason="
        + finishReason() + ", answer='" + answer() + "', votes=" + votes() + ", branchAnswers=" + branchAnswers()
        + ", winningBranch=" + winningBranch + '}';
  }

  /** Builds {@link SsftChatResponseMetadata}. */
  public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private ConsensusResult consensus;

    private Builder() {}

    /**
     * Sets the consensus call the reply comes from.
     *
     * @param value the consensus result
     * @return this builder
     */
    public Builder consensus(ConsensusResult value) {
      this.consensus = value;
      return this;
    }

    @Override
    public SsftChatResponseMetadata build() {
      return new SsftChatResponseMetadata(this);
    }
  }
}
