package io.github.ssft4j;

import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.ForkResult;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.spi.InferenceModel;
import io.github.ssft4j.spi.VotingStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Answers a question {@code k} times in parallel, one branch per global forking tag, and votes on the answers
 * (Cons@k).
 *
 * <pre>{@code
 * try (ParallelReasoner reasoner = ParallelReasoner.load(Path.of("models/qwen2-ssft"))) {
 *   ConsensusResult result = reasoner.consensus("What is 37+48?", 6);
 *   System.out.println(result.answerText() + " " + result.votes());
 * }
 * }</pre>
 *
 * <p>Per-call settings, streaming, cancellation and timeouts go through a {@link ConsensusRequest}:
 *
 * <pre>{@code
 * ParallelReasoner reasoner = ParallelReasoner.builder(dir)
 *     .runtime(RuntimeOptions.DEFAULT.withCuda(0, true))
 *     .generation(GenerationOptions.DEFAULT.withSeed(42).withMaxNewTokens(512))
 *     .votingStrategy(VotingStrategy.named("majority"))
 *     .build();
 * CompletableFuture<ConsensusResult> call = reasoner.consensusAsync(
 *     ConsensusRequest.builder("What is 83-47?").k(6).timeout(Duration.ofSeconds(30)).build());
 * call.cancel(true); // honoured within one decode step; the reasoner stays usable
 * }</pre>
 *
 * <p>The whole journey from a base checkpoint starts at {@link #finetune(Path)}: SSFT, optionally GFPO, then ONNX
 * export to a folder that {@link #load(Path)} opens.
 *
 * <p>The prompt is prefilled once and its KV cache forked into the {@code k} branches by the backend (found through
 * {@link java.util.ServiceLoader}: add {@code ssft-runtime-cuda}). Answers are extracted with the configured
 * {@link AnswerExtractor} and voted on with the configured {@link VotingStrategy} (defaults from
 * {@code ssft-voting}: boxed-answer extraction, majority over mathematically equivalent answers).
 *
 * <p><b>Thread safety:</b> an instance is immutable after {@link Builder#build()} and safe to share; concurrent
 * calls run independently. Asynchronous calls run on the reasoner's own executor (see
 * {@link Builder#executor(Executor)}), never on the common pool. {@link #close()} waits for calls in flight
 * to leave the model, then releases it; calls after it fail.
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
  private final ExecutorService ownedExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ParallelReasoner(Builder b, InferenceModel model) {
    this.model = model;
    this.generation = b.generation;
    this.extractor = b.extractor;
    this.voting = b.voting;
    // An unset schedule: the one the model folder declares (ssft.json "tag_policy"), else sequential.
    this.schedule = b.schedule != null ? b.schedule : model.preferredTagSchedule().orElse(TagSchedule.SEQUENTIAL);
    this.systemPrompt = b.systemPrompt;
    this.ownedExecutor = b.executor == null ? ReasonerThreads.newPool() : null;
    this.executor = b.executor != null ? b.executor : ownedExecutor;
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
   * Starts the training pipeline from a Hugging Face checkpoint: SSFT (or a baseline), optionally GFPO, then export
   * to a model folder for {@link #load(Path)}. Each stage can also run alone: {@code finetune(dir).exportOnnx(out)}
   * exports an existing checkpoint.
   *
   * <pre>{@code
   * Path model = ParallelReasoner.finetune(Path.of("base-checkpoint"))          // an HF Qwen2-family folder
   *     .ssft(Path.of("traces.jsonl"), TrainingConfig.builder().steps(600).tags(6).build())
   *     .gfpo(Path.of("questions.jsonl"), GfpoConfig.builder().steps(50).groupSize(8).build()) // optional
   *     .listener(event -> System.out.println(event))                          // progress, loss, ETA
   *     .exportOnnx(Path.of("my-model"));                                       // a model folder for load()
   * try (ParallelReasoner r = ParallelReasoner.load(model)) {
   *   r.consensus("What is 83-47?", 6);
   * }
   * }</pre>
   *
   * @param checkpoint a Hugging Face Qwen2-family checkpoint folder
   * @return the pipeline; nothing runs until its terminal call
   */
  public static FineTuning finetune(Path checkpoint) {
    return new FineTuning(Checks.notNull("checkpoint", checkpoint));
  }

  /**
   * Answers {@code question} with {@code k} branches and votes, using the reasoner's generation options.
   *
   * @param question the user's question
   * @param k branches, {@code >= 1}; tags follow the {@link TagSchedule}
   * @return the voted answer, the tally and every branch
   * @throws InvalidArgumentException when {@code k <= 0} or the question is empty
   * @throws GenerationException when generation fails
   */
  public ConsensusResult consensus(String question, int k) {
    return consensus(ConsensusRequest.builder(question).k(k).build());
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
    return consensus(ConsensusRequest.builder(question).k(k).options(options).build());
  }

  /**
   * Runs one request on the calling thread: generates its branches, extracts their answers and votes.
   *
   * @param request what is asked and how
   * @return the voted answer, the tally, every branch and the usage
   * @throws GenerationCancelledException when the request's timeout passed
   * @throws GenerationException when generation fails
   */
  public ConsensusResult consensus(ConsensusRequest request) {
    Checks.notNull("request", request);
    return consensus(request, CallControl.start(request.timeout()));
  }

  /**
   * Runs {@link #consensus(ConsensusRequest)} on the reasoner's executor. Cancelling the future stops the call
   * within one decode step and frees its memory.
   *
   * @param request what is asked and how
   * @return the future result; it fails with the same exceptions as the synchronous call
   */
  public CompletableFuture<ConsensusResult> consensusAsync(ConsensusRequest request) {
    Checks.notNull("request", request);
    return submit(request, control -> consensus(request, control));
  }

  /**
   * @param question the user's question
   * @param k branches, {@code >= 1}
   * @return the future result of {@link #consensus(String, int)}, run on the reasoner's executor
   */
  public CompletableFuture<ConsensusResult> consensusAsync(String question, int k) {
    return consensusAsync(ConsensusRequest.builder(question).k(k).build());
  }

  /**
   * Generates one branch under one tag, without voting.
   *
   * @param question the user's question
   * @param tagIndex 1-based tag, or 0 for no tag
   * @return the branch's trace
   */
  public Trace generate(String question, int tagIndex) {
    return generate(question, tagIndex, generation);
  }

  /**
   * @param question the user's question
   * @param tagIndex 1-based tag, or 0 for no tag
   * @param options sampling options for this call
   * @return the branch's trace
   */
  public Trace generate(String question, int tagIndex, GenerationOptions options) {
    Checks.nonNegative("tagIndex", tagIndex);
    return generate(ConsensusRequest.builder(question).tags(List.of(tagIndex)).options(options).build())
        .traces().get(0);
  }

  /**
   * Generates every branch of a request without voting (e.g. to score each sample yourself).
   *
   * @param request what is asked and how
   * @return the traces and the usage
   */
  public GenerationResult generate(ConsensusRequest request) {
    Checks.notNull("request", request);
    ForkResult fork = run(request, CallControl.start(request.timeout()));
    return new GenerationResult(fork.traces(), fork.usage());
  }

  /**
   * @param request what is asked and how
   * @return the future result of {@link #generate(ConsensusRequest)}, cancellable like
   *     {@link #consensusAsync(ConsensusRequest)}
   */
  public CompletableFuture<GenerationResult> generateAsync(ConsensusRequest request) {
    Checks.notNull("request", request);
    return submit(request, control -> {
      ForkResult fork = run(request, control);
      return new GenerationResult(fork.traces(), fork.usage());
    });
  }

  private ForkResult run(ConsensusRequest request, CallControl control) {
    return run(request, control, null);
  }

  /** @param seen receives the fork distribution when one was computed, or {@code null} not to compute one */
  private ForkResult run(ConsensusRequest request, CallControl control, ForkDistribution[] seen) {
    if (closed.get()) {
      throw new GenerationException("this ParallelReasoner is closed");
    }
    GenerationOptions options = request.options().orElse(generation);
    Prompt prompt = request.prompt(systemPrompt);
    boolean needed = request.tags().isEmpty() && schedule.usesModel();
    ForkDistribution d = needed ? model.forkDistribution(prompt) : null;
    List<Integer> tags = request.tags().orElseGet(() -> needed ? schedule.assign(request.k(), d, options.seed())
        : schedule.assign(request.k(), model.forkingTokens().count(), options.seed()));
    control.checkpoint();
    ForkResult fork = model.fork(new ForkRequest(prompt, tags, options, request.listener(), control));
    if (seen != null) {
      // Reported, not used: from the fork's own prefill when the backend had it, else one more prefill.
      seen[0] = d != null ? d : fork.forkDistribution().orElseGet(() -> reportedDistribution(prompt));
    }
    return fork;
  }

  /** The fork distribution to report beside a fixed schedule's answer, or null when the model cannot score it. */
  private ForkDistribution reportedDistribution(Prompt prompt) {
    try {
      return model.forkDistribution(prompt);
    } catch (GenerationCancelledException e) {
      throw e;
    } catch (UnsupportedOperationException | GenerationException e) {
      // A backend or export that cannot score the fork still answers.
      return null;
    }
  }

  private ConsensusResult consensus(ConsensusRequest request, CallControl control) {
    ForkDistribution[] seen = new ForkDistribution[1];
    ForkResult fork = run(request, control, seen);
    return vote(request, fork, seen[0]);
  }

  private ConsensusResult vote(ConsensusRequest request, ForkResult fork, ForkDistribution distribution) {
    List<Trace> traces = fork.traces();
    List<Branch> branches = new ArrayList<>(traces.size());
    for (int b = 0; b < traces.size(); b++) {
      branches.add(new Branch(b, traces.get(b), extractor.extract(traces.get(b).text())));
    }
    VoteResult vote = voting.vote(branches);
    return new ConsensusResult(request.question(), vote.winner(), vote.tally(), branches, fork.usage(),
        Optional.ofNullable(distribution));
  }

  private <T> CompletableFuture<T> submit(ConsensusRequest request, Function<CallControl, T> work) {
    CallControl control = CallControl.start(request.timeout());
    CompletableFuture<T> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // Completed as cancelled first, then the decode loop told (it sees it at its next step): the other order
        // let the call fail with its own GenerationCancelledException in between, so join() threw a
        // CompletionException instead of a CancellationException (3 of 1,607 cancellations in a soak run).
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        control.cancel();
        return cancelled;
      }
    };
    try {
      executor.execute(() -> {
        if (future.isDone()) {
          return; // cancelled before it started
        }
        try {
          future.complete(work.apply(control));
        } catch (Throwable t) {
          future.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new GenerationException("this ParallelReasoner is closed", e));
    }
    return future;
  }

  /**
   * The model's distribution over its tags at the fork for a request's prompt, as a model-chosen schedule sees
   * it.
   *
   * <pre>{@code
   * ForkDistribution d = reasoner.forkDistribution(ConsensusRequest.builder("What is 83-47?").build());
   * int tag = d.argmax();
   * }</pre>
   *
   * @param request what is asked (its prompt and the reasoner's system prompt)
   * @return the distribution
   * @throws UnsupportedOperationException when the backend does not compute it
   */
  public ForkDistribution forkDistribution(ConsensusRequest request) {
    Checks.notNull("request", request);
    if (closed.get()) {
      throw new GenerationException("this ParallelReasoner is closed");
    }
    return model.forkDistribution(request.prompt(systemPrompt));
  }

  /** @return the model's tokenizer and chat template (e.g. to count a prompt's tokens) */
  public Tokenizer tokenizer() {
    return model.tokenizer();
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

  /**
   * Stops accepting calls, waits for calls in flight to leave the model and releases its native resources. Safe to
   * call more than once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
      model.close();
    }
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
    private AnswerEquivalence equivalence;
    private InferenceBackend backend;
    private TagSchedule schedule;
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private Executor executor;

    private Builder(Path modelDir) {
      this.modelDir = modelDir;
    }

    /**
     * Sets how the model runs: execution provider and threads.
     *
     * @param options execution provider and threads; default CPU
     * @return this builder
     */
    public Builder runtime(RuntimeOptions options) {
      this.runtime = Checks.notNull("runtime", options);
      return this;
    }

    /**
     * Sets the sampling options of calls that do not bring their own.
     *
     * @param options sampling options; default {@link GenerationOptions#DEFAULT}
     * @return this builder
     */
    public Builder generation(GenerationOptions options) {
      this.generation = Checks.notNull("generation", options);
      return this;
    }

    /**
     * Sets how each branch's answer is found in its text.
     *
     * @param answerExtractor how answers are found; default from {@code ssft-voting}
     * @return this builder
     */
    public Builder answerExtractor(AnswerExtractor answerExtractor) {
      this.extractor = Checks.notNull("answerExtractor", answerExtractor);
      return this;
    }

    /**
     * Sets how the branches' answers are voted on.
     *
     * @param strategy how answers are voted on; default majority from {@code ssft-voting}
     * @return this builder
     */
    public Builder votingStrategy(VotingStrategy strategy) {
      this.voting = Checks.notNull("votingStrategy", strategy);
      return this;
    }

    /**
     * @param answerEquivalence which answers vote together; default the voting strategy's own (the
     *     highest-priority one on the class path, {@code math} from {@code ssft-voting})
     * @return this builder
     */
    public Builder answerEquivalence(AnswerEquivalence answerEquivalence) {
      this.equivalence = Checks.notNull("answerEquivalence", answerEquivalence);
      return this;
    }

    /**
     * Sets the inference backend instead of the one found through {@link java.util.ServiceLoader}.
     *
     * @param inferenceBackend the backend; default the highest-priority one found
     * @return this builder
     */
    public Builder backend(InferenceBackend inferenceBackend) {
      this.backend = Checks.notNull("backend", inferenceBackend);
      return this;
    }

    /**
     * Sets which tags the branches get.
     *
     * @param tagSchedule which tags the branches get: a fixed schedule, or the model's own choice
     *     ({@link TagSchedule#MODEL_CHOSEN}, {@link TagSchedule#MODEL_ARGMAX}); default the {@code tag_policy} the
     *     model folder's {@code ssft.json} declares, else {@link TagSchedule#SEQUENTIAL}
     * @return this builder
     */
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

    /**
     * Sets the executor that runs asynchronous calls. The reasoner does not shut it down.
     *
     * @param asyncExecutor runs {@code consensusAsync} and {@code generateAsync}; default a pool owned by the
     *     reasoner with one thread per core (at least two), each with a stack large enough for native code
     * @return this builder
     */
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
      if (equivalence != null) {
        strategy = strategy.withEquivalence(equivalence);
      }
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
