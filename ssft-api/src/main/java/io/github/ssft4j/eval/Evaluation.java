package io.github.ssft4j.eval;

import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.Cancellation;
import io.github.ssft4j.spi.EvaluationEngine;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.InferenceModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a model over a benchmark under an {@link EvaluationProtocol}: benchmark + model + metrics + listener
 * &rarr; results.
 *
 * <pre>{@code
 * try (ParallelReasoner reasoner = ParallelReasoner.load(dir)) {
 *   EvaluationResult r = Evaluation.builder(Benchmark.load(Path.of("aime_2024.jsonl")))
 *       .reasoner(reasoner)
 *       .protocol(EvaluationProtocol.paper())
 *       .generation(Evaluation.REFERENCE_SAMPLING.withMaxNewTokens(4096))
 *       .journal(Path.of("runs/aime24.journal.jsonl"))   // resumable: run again after a crash to continue
 *       .listener(event -> {})
 *       .build()
 *       .run();
 *   System.out.println(r.metrics());
 * }
 * }</pre>
 *
 * <p>All the samples of one problem share one prefill: they are the branches of forked calls (by default one call a
 * problem), each sample opened with its tag's prefix after the chat template's generation prompt. Each call's seed
 * is derived from the evaluation seed, the problem id and the call's position in the problem's plan, so the samples
 * do not depend on scheduling, concurrency or on which other problems run. With a journal, every sample is appended
 * (and synced) as its branch finishes; a run started again on the same journal generates only what is missing (a
 * call cut short is generated again whole, with its seed, and only its missing branches are written).
 */
public final class Evaluation {
  /** The reference sampling: temperature 0.7, top-p 0.95, seed 1234, 1024 new tokens. */
  public static final GenerationOptions REFERENCE_SAMPLING =
      GenerationOptions.DEFAULT.withTemperature(0.7).withTopP(0.95).withSeed(1234L);

  /**
   * Generates the branches of one forked call: prefill {@code prompt} once, branch {@code b} opened with the
   * prefix of tag {@code tags.get(b)}.
   */
  @FunctionalInterface
  public interface Generator {
    /**
     * @param prompt the chat prompt
     * @param tags one tag per branch (1-based, 0 untagged)
     * @param options sampling options, including the call's seed
     * @param listener told of each branch as it finishes ({@link StreamListener#onBranchFinished})
     * @return one trace per branch, in order
     */
    List<Trace> generate(Prompt prompt, List<Integer> tags, GenerationOptions options, StreamListener listener);
  }

  private final Benchmark benchmark;
  private final Generator generator;
  private final int tags;
  private final String modelName;
  private final EvaluationProtocol protocol;
  private final GenerationOptions generation;
  private final String systemPrompt;
  private final Path journal;
  private final int concurrency;
  private final int samplesPerCall;
  private final EvaluationListener listener;

  private Evaluation(Builder b) {
    this.benchmark = b.benchmark;
    this.generator = b.generator;
    this.tags = b.tags;
    this.modelName = b.modelName;
    this.protocol = b.protocol;
    this.generation = b.generation;
    this.systemPrompt = b.systemPrompt;
    this.journal = b.journal;
    this.concurrency = b.concurrency;
    this.samplesPerCall = b.samplesPerCall;
    this.listener = b.listener;
  }

  /**
   * @param benchmark what to evaluate on
   * @return a builder; set the model with {@link Builder#model} or {@link Builder#generator}
   */
  public static Builder builder(Benchmark benchmark) {
    if (benchmark == null) {
      throw new InvalidArgumentException("benchmark must not be null");
    }
    return new Builder(benchmark);
  }

  /**
   * Runs (or resumes) the evaluation on the calling thread plus its workers, and computes the results.
   *
   * @return the results
   * @throws EvaluationException when the journal belongs to other settings or is corrupt
   * @throws io.github.ssft4j.GenerationException when generation fails (finished samples stay in the journal)
   */
  public EvaluationResult run() {
    return EvaluationEngine.findDefault().run(this);
  }

  /** @return the benchmark */
  public Benchmark benchmark() {
    return benchmark;
  }

  /** @return what generates the samples */
  public Generator generator() {
    return generator;
  }

  /** @return the model's number of forking tags */
  public int tags() {
    return tags;
  }

  /** @return the model's name in reports */
  public String modelName() {
    return modelName;
  }

  /** @return the metrics */
  public EvaluationProtocol protocol() {
    return protocol;
  }

  /** @return the sampling options; their seed is the evaluation seed */
  public GenerationOptions generation() {
    return generation;
  }

  /** @return the system message, or {@code null} for none */
  public String systemPrompt() {
    return systemPrompt;
  }

  /** @return the journal file, or {@code null} for none (samples kept in memory only) */
  public Path journal() {
    return journal;
  }

  /** @return problems generated at the same time */
  public int concurrency() {
    return concurrency;
  }

  /** @return the most branches in one forked call; 0 for all of a problem's samples in one call */
  public int samplesPerCall() {
    return samplesPerCall;
  }

  /** @return the listener */
  public EvaluationListener listener() {
    return listener;
  }

  /** Configures an {@link Evaluation}. */
  public static final class Builder {
    private final Benchmark benchmark;
    private Generator generator;
    private int tags;
    private String modelName = "model";
    private EvaluationProtocol protocol = EvaluationProtocol.paper();
    private GenerationOptions generation = REFERENCE_SAMPLING;
    private String systemPrompt;
    private Path journal;
    private int concurrency = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private int samplesPerCall;
    private EvaluationListener listener = EvaluationListener.NONE;

    private Builder(Benchmark benchmark) {
      this.benchmark = benchmark;
    }

    /**
     * @param reasoner a loaded reasoner; each call is {@link ParallelReasoner#generate(ConsensusRequest)} with the
     *     plan's explicit tags and the evaluation's prompt (the reasoner's system prompt is not used)
     * @return this builder
     */
    public Builder reasoner(ParallelReasoner reasoner) {
      if (reasoner == null) {
        throw new InvalidArgumentException("reasoner must not be null");
      }
      this.generator = (prompt, tagList, options, listener) -> reasoner.generate(ConsensusRequest.builder(prompt)
          .tags(tagList).options(options).listener(listener).build()).traces();
      this.tags = reasoner.forkingTokens().count();
      return this;
    }

    /**
     * @param model a loaded model (the SPI level); its forking tokens give the number of tags
     * @return this builder
     */
    public Builder model(InferenceModel model) {
      if (model == null) {
        throw new InvalidArgumentException("model must not be null");
      }
      this.generator = (prompt, tagList, options, listener) -> model.fork(new ForkRequest(prompt, tagList, options,
          listener, Cancellation.NONE)).traces();
      this.tags = model.forkingTokens().count();
      this.modelName = model.directory().getFileName() == null ? model.directory().toString()
          : model.directory().getFileName().toString();
      return this;
    }

    /**
     * @param value what generates the samples
     * @param tagCount the model's number of forking tags, {@code >= 1}
     * @return this builder
     */
    public Builder generator(Generator value, int tagCount) {
      if (value == null || tagCount < 1) {
        throw new InvalidArgumentException("generator must not be null and tagCount >= 1, got " + tagCount);
      }
      this.generator = value;
      this.tags = tagCount;
      return this;
    }

    /**
     * Sets the model name the reports show.
     *
     * @param value the model's name in reports
     * @return this builder
     */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /**
     * Sets the metrics to compute.
     *
     * @param value the metrics; default {@link EvaluationProtocol#paper()}
     * @return this builder
     */
    public Builder protocol(EvaluationProtocol value) {
      this.protocol = value;
      return this;
    }

    /**
     * Sets the sampling options.
     *
     * @param value sampling options; default {@link #REFERENCE_SAMPLING}
     * @return this builder
     */
    public Builder generation(GenerationOptions value) {
      this.generation = value;
      return this;
    }

    /**
     * Sets the system message placed before each problem.
     *
     * @param value a system message, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder systemPrompt(String value) {
      this.systemPrompt = value;
      return this;
    }

    /**
     * Sets the journal that records every sample, so that an interrupted run resumes.
     *
     * @param value the journal file (created, or resumed when it exists); default none
     * @return this builder
     */
    public Builder journal(Path value) {
      this.journal = value;
      return this;
    }

    /**
     * Sets how many problems are in flight at once.
     *
     * @param value problems in flight at once, {@code >= 1}; default 2 (both cores here)
     * @return this builder
     */
    public Builder concurrency(int value) {
      this.concurrency = value;
      return this;
    }

    /**
     * @param value most branches per forked call, {@code >= 0}; default 0: a problem's samples in one call (one
     *     prefill). Changing it changes the seeds, so a journal keeps the value it was started with.
     * @return this builder
     */
    public Builder samplesPerCall(int value) {
      this.samplesPerCall = value;
      return this;
    }

    /**
     * Sets who hears the evaluation's progress.
     *
     * @param value hears progress; default none
     * @return this builder
     */
    public Builder listener(EvaluationListener value) {
      this.listener = value == null ? EvaluationListener.NONE : value;
      return this;
    }

    /**
     * @return the evaluation
     * @throws InvalidArgumentException when no model was set or a setting is out of range
     */
    public Evaluation build() {
      if (generator == null) {
        throw new InvalidArgumentException("set a model (reasoner(...), model(...) or generator(...)) before build()");
      }
      if (protocol == null || generation == null) {
        throw new InvalidArgumentException("protocol and generation must not be null");
      }
      if (concurrency < 1 || samplesPerCall < 0) {
        throw new InvalidArgumentException("concurrency must be >= 1 and samplesPerCall >= 0; got " + concurrency
            + ", " + samplesPerCall);
      }
      protocol.samplesPerTag(tags); // validates the metrics against the model's tags
      return new Evaluation(this);
    }
  }
}
