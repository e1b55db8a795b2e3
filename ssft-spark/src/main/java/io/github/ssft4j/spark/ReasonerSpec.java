package io.github.ssft4j.spark;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.spi.VotingStrategy;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that shapes a {@link ParallelReasoner} on an executor except the model folder: execution provider and
 * threads, system prompt, tag schedule and voting strategy. Serializable, so that it travels to the executors inside
 * the job; two equal specs on the same folder share one loaded model there ({@link ExecutorModels}).
 *
 * <p>The default runs ONNX Runtime on the CPU with <b>one</b> intra-op and one inter-op thread: on Spark the
 * parallelism comes from concurrent tasks and concurrent calls, and threads inside each call would only compete with
 * them.
 *
 * <pre>{@code
 * ReasonerSpec spec = ReasonerSpec.DEFAULT.withSystemPrompt(null).withTagSchedule(TagSchedule.RANDOM);
 * }</pre>
 */
public final class ReasonerSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** CPU, 1 + 1 threads, the reasoner's default system prompt, sequential tags, the default voting strategy. */
  public static final ReasonerSpec DEFAULT = new ReasonerSpec(RuntimeOptions.ExecutionProvider.CPU, 0, false, 1, 1,
      ParallelReasoner.DEFAULT_SYSTEM_PROMPT, TagSchedule.SEQUENTIAL, null);

  private final RuntimeOptions.ExecutionProvider provider;
  private final int deviceId;
  private final boolean allowCpuFallback;
  private final int intraOpThreads;
  private final int interOpThreads;
  private final String systemPrompt;
  private final TagSchedule tagSchedule;
  private final String votingStrategy;

  private ReasonerSpec(RuntimeOptions.ExecutionProvider provider, int deviceId, boolean allowCpuFallback,
      int intraOpThreads, int interOpThreads, String systemPrompt, TagSchedule tagSchedule, String votingStrategy) {
    this.provider = provider;
    this.deviceId = deviceId;
    this.allowCpuFallback = allowCpuFallback;
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
    this.systemPrompt = systemPrompt;
    this.tagSchedule = tagSchedule;
    this.votingStrategy = votingStrategy;
  }

  /**
   * @param runtime where and how ONNX Runtime runs the model on each executor
   * @return a copy with it
   */
  public ReasonerSpec withRuntime(RuntimeOptions runtime) {
    if (runtime == null) {
      throw new InvalidArgumentException("runtime must not be null");
    }
    return new ReasonerSpec(runtime.provider(), runtime.deviceId(), runtime.allowCpuFallback(),
        runtime.intraOpThreads(), runtime.interOpThreads(), systemPrompt, tagSchedule, votingStrategy);
  }

  /**
   * @param prompt the system message placed before each question, or {@code null} for none
   * @return a copy with it
   */
  public ReasonerSpec withSystemPrompt(String prompt) {
    return new ReasonerSpec(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads, prompt,
        tagSchedule, votingStrategy);
  }

  /**
   * @param schedule which tags the branches get
   * @return a copy with it
   */
  public ReasonerSpec withTagSchedule(TagSchedule schedule) {
    if (schedule == null) {
      throw new InvalidArgumentException("tagSchedule must not be null");
    }
    return new ReasonerSpec(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads, systemPrompt,
        schedule, votingStrategy);
  }

  /**
   * @param name a voting strategy's name as {@link VotingStrategy#named(String)} knows it (checked on the
   *     executors, where the strategies are found), or {@code null} for the default
   * @return a copy with it
   */
  public ReasonerSpec withVotingStrategy(String name) {
    return new ReasonerSpec(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads, systemPrompt,
        tagSchedule, name);
  }

  /** @return the runtime options */
  public RuntimeOptions runtime() {
    return new RuntimeOptions(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads);
  }

  /** @return the system prompt, or {@code null} for none */
  public String systemPrompt() {
    return systemPrompt;
  }

  /** @return the tag schedule */
  public TagSchedule tagSchedule() {
    return tagSchedule;
  }

  /** @return the voting strategy's name, or {@code null} for the default */
  public String votingStrategy() {
    return votingStrategy;
  }

  /**
   * Loads the model folder as this spec says.
   *
   * @param modelDir the folder on this machine
   * @return a new reasoner; the caller closes it
   */
  ParallelReasoner open(Path modelDir) {
    ParallelReasoner.Builder builder = ParallelReasoner.builder(modelDir)
        .runtime(runtime())
        .systemPrompt(systemPrompt)
        .tagSchedule(tagSchedule);
    if (votingStrategy != null) {
      builder.votingStrategy(VotingStrategy.named(votingStrategy));
    }
    return builder.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReasonerSpec s && provider == s.provider && deviceId == s.deviceId
        && allowCpuFallback == s.allowCpuFallback && intraOpThreads == s.intraOpThreads
        && interOpThreads == s.interOpThreads && Objects.equals(systemPrompt, s.systemPrompt)
        && tagSchedule == s.tagSchedule && Objects.equals(votingStrategy, s.votingStrategy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads, systemPrompt,
        tagSchedule, votingStrategy);
  }

  @Override
  public String toString() {
    return "ReasonerSpec[" + runtime() + ", systemPrompt=" + (systemPrompt == null ? "none" : "set")
        + ", tagSchedule=" + tagSchedule + ", voting=" + (votingStrategy == null ? "default" : votingStrategy) + "]";
  }
}
