package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Tokenizer;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.ForkResult;
import io.github.ssft4j.spi.InferenceModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model folder loaded on ONNX Runtime by {@link OnnxRuntimeBackend}. Beyond {@link InferenceModel} it exposes
 * the engine's timings ({@link #run}) and its tokenizer and chat template. Thread-safe; instances opened on the
 * same folder and options share one session, freed when the last one is closed.
 */
public final class OnnxModel implements InferenceModel {
  private final LoadedModel loaded;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Tokenizer tokenizerView = new Tokenizer() {
    @Override
    public long[] encode(String text) {
      return loaded.use(() -> {
        checkOpen();
        return loaded.tokenizer.encode(text);
      });
    }

    @Override
    public long[] promptIds(Prompt prompt) {
      return OnnxModel.this.promptIds(prompt);
    }

    @Override
    public String decode(List<Integer> ids, boolean skipSpecialTokens) {
      long[] array = ids.stream().mapToLong(Integer::longValue).toArray();
      return loaded.use(() -> {
        checkOpen();
        return loaded.tokenizer.decode(array, skipSpecialTokens);
      });
    }
  };

  OnnxModel(LoadedModel loaded, Runnable release) {
    this.loaded = loaded;
    this.release = release;
  }

  @Override
  public Path directory() {
    return loaded.folder.dir();
  }

  @Override
  public ForkingTokens forkingTokens() {
    return loaded.folder.forkingTokens();
  }

  @Override
  public ForkResult fork(ForkRequest request) {
    Generation g = run(request, RunControls.DEFAULT);
    return new ForkResult(g.traces(), g.stats().usage(), g.forkDistribution());
  }

  /**
   * Generates every branch of {@code request} and reports where the time went.
   *
   * @param request prompt, tags and sampling options
   * @param controls engine settings (end-of-sequence handling, batch shrinking)
   * @return the traces, in request order, and the call's statistics
   * @throws GenerationException when the prompt does not fit the model or the runtime fails
   */
  public Generation run(ForkRequest request, RunControls controls) {
    return loaded.use(() -> {
      checkOpen();
      RunStats.Recorder stats = new RunStats.Recorder(controls.measureCpu());
      long[] prompt = promptIds(request.prompt());
      ForkedGeneration generation = new ForkedGeneration(loaded.decoder, loaded.tokenizer, loaded.folder, request,
          controls, stats, loaded::prefixIds);
      List<Trace> traces = generation.run(prompt, request.tags(), forkingTokens());
      return new Generation(traces, stats.finish(), Optional.ofNullable(distributionAtFork(generation)));
    });
  }

  /** The fork distribution, when the generation's prefill stopped exactly at the fork (its logits are it). */
  private ForkDistribution distributionAtFork(ForkedGeneration generation) {
    float[] logits = generation.logitsAfterCommonPrefix();
    if (logits == null) {
      return null;
    }
    TagSequences tags;
    try {
      tags = loaded.tagSequences();
    } catch (ModelLoadException e) {
      // A prefix format the fork cannot be scored with still generates; forkDistribution() reports why.
      return null;
    }
    return generation.commonPrefixLength() == tags.forkPrefix().length
        ? ForkDistributionPass.fromForkLogits(logits, tags) : null;
  }

  @Override
  public ForkDistribution forkDistribution(Prompt prompt) {
    return forkDistribution(prompt, new RunStats.Recorder(false));
  }

  ForkDistribution forkDistribution(Prompt prompt, RunStats.Recorder stats) {
    return loaded.use(() -> {
      checkOpen();
      return ForkDistributionPass.compute(loaded.decoder, loaded.folder, promptIds(prompt), loaded.tagSequences(),
          stats);
    });
  }

  @Override
  public Optional<TagSchedule> preferredTagSchedule() {
    return loaded.folder.tagPolicy();
  }

  /** @return the fork prefix and each tag's token sequence */
  public TagSequences tagSequences() {
    return loaded.use(loaded::tagSequences);
  }

  /**
   * @param prompt chat messages (rendered with the chat template and its generation prompt) or plain text
   * @return the prompt's token ids, without any tag prefix
   */
  public long[] promptIds(Prompt prompt) {
    return loaded.use(() -> {
      checkOpen();
      String text = prompt instanceof Prompt.Chat chat
          ? loaded.template.render(chat.messages(), true)
          : ((Prompt.Text) prompt).text();
      return loaded.tokenizer.encode(text);
    });
  }

  @Override
  public Tokenizer tokenizer() {
    return tokenizerView;
  }

  /** @return the model's tokenizer (owned by the model: do not close it) */
  public ModelTokenizer modelTokenizer() {
    return loaded.tokenizer;
  }

  /** @return the model's chat template */
  public ChatTemplate chatTemplate() {
    return loaded.template;
  }

  /** @return the execution provider the session really runs on (CPU after a permitted CUDA fallback) */
  public RuntimeOptions.ExecutionProvider provider() {
    return loaded.decoder.provider;
  }

  DecoderSession decoder() {
    return loaded.decoder;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new GenerationException("model " + directory() + " is closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
