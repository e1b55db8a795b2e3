package io.github.ssft4j;

import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.spi.InferenceModel;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.spi.VotingStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Answers a question {@code k} times in parallel, one branch per global forking tag, and votes on the answers
 * (Cons@k).
 *
 * <pre>{@code
 * try (ParallelReasoner reasoner = ParallelReasoner.load(Path.of("models/qwen2-ssft"))) {
 *   ConsensusResult result = reasoner.consensus("What is 37+48?", 6);
 *   System.out.println(result.answerText() + " " + result.votes());
 * }
 *
 * // or with options
 * ParallelReasoner reasoner = ParallelReasoner.builder(dir)
 *     .runtime(RuntimeOptions.DEFAULT.withCuda(0, true))
 *     .generation(GenerationOptions.DEFAULT.withSeed(42).withMaxNewTokens(512))
 *     .votingStrategy(VotingStrategy.named("confidence-filtered"))
 *     .build();
 * }</pre>
 *
 * <p>The prompt is prefilled once and its KV cache forked into the {@code k} branches by the backend (found through
 * {@link java.util.ServiceLoader}: add {@code ssft-runtime-cuda}). Answers are extracted with the configured
 * {@link AnswerExtractor} and voted on with the configured {@link VotingStrategy} (defaults from
 * {@code ssft-voting}: boxed-answer extraction, majority over mathematically equivalent answers).
 *
 * <p><b>Thread safety:</b> an instance is immutable after {@link Builder#build()} and safe to share; concurrent
 * {@code consensus} calls run independently. {@link #close()} releases the model; calls after it fail.
 */
public final class ParallelReasoner implements AutoCloseable {

  /** The system prompt used unless the builder sets another (the reference evaluation's). */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "Please reason step by step, and put your final answer within \\boxed{}.";

  private final InferenceModel model;
  private final GenerationOptions generation;
  private final AnswerExtractor extractor;
  private final VotingStrategy voting;
  private final TagSchedule schedule;
  private final String systemPrompt;
  private final Executor executor;

  private ParallelReasoner(Builder b, InferenceModel model) {
    this.model = model;
    this.generation = b.generation;
    this.extractor = b.extractor;
    this.voting = b.voting;
    this.schedule = b.schedule;
    this.systemPrompt = b.systemPrompt;
    this.executor = b.executor;
  }

  /**
   * Loads a model folder with every default: CPU, {@link GenerationOptions#DEFAULT}, the default extractor and
   * voting strategy.
   *
   * @param modelDir a model folder (Hugging Face config and tokenizer files plus {@code model.onnx})
   * @return a ready reasoner; close it when done
   * @throws ModelLoadException when a file is missing or invalid, or no backend is on the class path
   */
  public static ParallelReasoner load(Path modelDir) {
    return builder(modelDir).build();
  }

  /**
   * Loads the demo model (add {@value DemoModel#ARTIFACT}): a small model trained by this project with SSFT on
   * two-digit subtraction, unpacked once into a per-user cache folder. See {@link DemoModel}.
   *
   * <pre>{@code
   * try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
   *   ConsensusResult result = reasoner.consensus("What is 83-47?", 6);
   *   System.out.println(result.answerText() + " " + result.votes());
   * }
   * }</pre>
   *
   * @return a ready reasoner with the demo model's settings ({@link DemoModel#builder()}); close it when done
   * @throws ModelLoadException when {@value DemoModel#ARTIFACT} or a backend is not on the class path
   */
  public static ParallelReasoner demo() {
    return DemoModel.builder().build();
  }

  /**
   * @param modelDir a model folder
   * @return a builder with every default set
   */
  public static Builder builder(Path modelDir) {
    return new Builder(Checks.notNull("modelDir", modelDir));
  }

  /**
   * Answers {@code question} with {@code k} branches and votes, using the reasoner's generation options.
   *
   * @param question the user's question
   * @param k branches, {@code >= 1}; tags follow the {@link TagSchedule}
   * @return the voted answer, the tally and every branch
   * @throws InvalidArgumentException when {@code k <= 0}
   * @throws GenerationException when generation fails
   */
  public ConsensusResult consensus(String question, int k) {
    return consensus(question, k, generation);
  }

  /**
   * Like {@link #consensus(String, int)} with other generation options for this call (e.g. another seed).
   *
   * @param question the user's question
   * @param k branches, {@code >= 1}
   * @param options sampling options for this call
   * @return the voted answer, the tally and every branch
   */
  public ConsensusResult consensus(String question, int k, GenerationOptions options) {
    Checks.notNull("question", question);
    Checks.positive("k", k);
    Checks.notNull("options", options);
    List<Integer> tags = schedule.assign(k, model.forkingTokens().count(), options.seed());
    List<Trace> traces = model.generate(new ForkRequest(Prompt.question(systemPrompt, question), tags, options));
    List<Branch> branches = new ArrayList<>(traces.size());
    for (int b = 0; b < traces.size(); b++) {
      branches.add(new Branch(b, traces.get(b), extractor.extract(traces.get(b).text())));
    }
    VoteResult vote = voting.vote(branches);
    return new ConsensusResult(question, vote.winner(), vote.tally(), branches);
  }

  /**
   * Runs {@link #consensus(String, int)} on the builder's executor (the common pool by default).
   *
   * @param question the user's question
   * @param k branches, {@code >= 1}
   * @return the future result; it fails with the same exceptions as the synchronous call
   */
  public CompletableFuture<ConsensusResult> consensusAsync(String question, int k) {
    Checks.positive("k", k);
    return CompletableFuture.supplyAsync(() -> consensus(question, k), executor);
  }

  /**
   * Generates one branch under one tag, without voting.
   *
   * @param question the user's question
   * @param tagIndex 1-based tag, or 0 for no tag
   * @return the branch's trace
   */
  public Trace generate(String question, int tagIndex) {
    Checks.nonNegative("tagIndex", tagIndex);
    return model.generate(new ForkRequest(Prompt.question(systemPrompt, question), List.of(tagIndex), generation))
        .get(0);
  }

  /** @return the model's forking tokens */
  public ForkingTokens forkingTokens() {
    return model.forkingTokens();
  }

  /** @return the generation options used by {@link #consensus(String, int)} */
  public GenerationOptions generationOptions() {
    return generation;
  }

  /** @return the answer extractor in use */
  public AnswerExtractor answerExtractor() {
    return extractor;
  }

  /** @return the voting strategy in use */
  public VotingStrategy votingStrategy() {
    return voting;
  }

  /** Releases the model's native resources. */
  @Override
  public void close() {
    model.close();
  }

  /**
   * Configures a {@link ParallelReasoner}. Every setting has a default; {@link #build()} loads the model.
   */
  public static final class Builder {
    private final Path modelDir;
    private RuntimeOptions runtime = RuntimeOptions.DEFAULT;
    private GenerationOptions generation = GenerationOptions.DEFAULT;
    private AnswerExtractor extractor;
    private VotingStrategy voting;
    private InferenceBackend backend;
    private TagSchedule schedule = TagSchedule.SEQUENTIAL;
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private Executor executor = ForkJoinPool.commonPool();

    private Builder(Path modelDir) {
      this.modelDir = modelDir;
    }

    /** @param options execution provider and threads; default CPU @return this builder */
    public Builder runtime(RuntimeOptions options) {
      this.runtime = Checks.notNull("runtime", options);
      return this;
    }

    /** @param options sampling options; default {@link GenerationOptions#DEFAULT} @return this builder */
    public Builder generation(GenerationOptions options) {
      this.generation = Checks.notNull("generation", options);
      return this;
    }

    /** @param answerExtractor how answers are found; default from {@code ssft-voting} @return this builder */
    public Builder answerExtractor(AnswerExtractor answerExtractor) {
      this.extractor = Checks.notNull("answerExtractor", answerExtractor);
      return this;
    }

    /** @param strategy how answers are voted on; default majority from {@code ssft-voting} @return this builder */
    public Builder votingStrategy(VotingStrategy strategy) {
      this.voting = Checks.notNull("votingStrategy", strategy);
      return this;
    }

    /** @param inferenceBackend the backend; default the highest-priority one found @return this builder */
    public Builder backend(InferenceBackend inferenceBackend) {
      this.backend = Checks.notNull("backend", inferenceBackend);
      return this;
    }

    /** @param tagSchedule which tags the branches get; default {@link TagSchedule#SEQUENTIAL} @return this */
    public Builder tagSchedule(TagSchedule tagSchedule) {
      this.schedule = Checks.notNull("tagSchedule", tagSchedule);
      return this;
    }

    /**
     * @param prompt the system message placed before each question, or {@code null} for none; default
     *     {@link #DEFAULT_SYSTEM_PROMPT}
     * @return this builder
     */
    public Builder systemPrompt(String prompt) {
      this.systemPrompt = prompt;
      return this;
    }

    /** @param asyncExecutor runs {@link #consensusAsync}; default the common pool @return this builder */
    public Builder executor(Executor asyncExecutor) {
      this.executor = Checks.notNull("executor", asyncExecutor);
      return this;
    }

    /**
     * Resolves the defaults not set and loads the model.
     *
     * @return the reasoner
     * @throws ModelLoadException when the model cannot be loaded or a needed module is missing
     */
    public ParallelReasoner build() {
      // The backend first: ssft-runtime-cuda brings ssft-voting with it, so its absence is the one to report.
      InferenceBackend inferenceBackend = backend != null ? backend : InferenceBackend.findDefault();
      AnswerExtractor answerExtractor = extractor != null ? extractor : AnswerExtractor.findDefault();
      VotingStrategy strategy = voting != null ? voting : VotingStrategy.findDefault();
      Builder resolved = copy();
      resolved.extractor = answerExtractor;
      resolved.voting = strategy;
      return new ParallelReasoner(resolved, inferenceBackend.open(modelDir, runtime));
    }

    private Builder copy() {
      Builder b = new Builder(modelDir);
      b.runtime = runtime;
      b.generation = generation;
      b.schedule = schedule;
      b.systemPrompt = systemPrompt;
      b.executor = executor;
      return b;
    }
  }
}
