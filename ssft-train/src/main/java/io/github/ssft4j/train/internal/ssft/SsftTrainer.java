package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingConfig;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.train.internal.data.EncodedRecord;
import io.github.ssft4j.train.internal.data.EpochOrder;
import io.github.ssft4j.train.internal.data.ExampleEncoder;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.train.internal.matching.Hungarian;
import io.github.ssft4j.train.internal.optim.AdamW;
import io.github.ssft4j.train.internal.optim.WarmupCosine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fine-tunes a decoder with SSFT or a baseline.
 *
 * <p>Every optimiser step takes {@code batchSize * accumulation} questions. For each question with {@code M}
 * traces it decides which tag each trace is trained under:
 * <ul>
 *   <li>{@link TrainingMethod#SSFT}: the {@code N x M} cost matrix of the {@link CostPass} (no gradient, one
 *       packed forward for the micro-batch), then the minimum-cost one-to-one matching ({@link Hungarian}),
 *       recomputed every step; unmatched tags get no loss;</li>
 *   <li>{@link TrainingMethod#SFT_MIXED}: every trace under the fixed tag;</li>
 *   <li>{@link TrainingMethod#RANDOM_TAGS}: {@code M} distinct tags drawn at random every step.</li>
 * </ul>
 * The three methods then share one loss: the summed negative log-likelihood of the trace tokens (terminator
 * included) of every (tag, trace) pair of the step, divided by the number of such tokens in the step (a
 * token-level mean over the whole step, accumulation included), followed by clipping and an AdamW step on a
 * warm-up + cosine schedule. So the baselines see the same examples, tokens and budget; only the tags differ.
 *
 * <p>Determinism: data order and random tags come from {@code seed}, the step and the position only, so a run
 * resumed from a checkpoint takes the same steps as one that never stopped.
 */
public final class SsftTrainer {
  private final TrainingConfig config;
  private final TrainingListener listener;
  private final Map<Integer, int[]> epochOrders = new HashMap<>();
  private StepTimes times = new StepTimes(0, 0, 0);

  /**
   * Mean wall time per optimiser step, first two steps left out as warm-up.
   *
   * @param meanStepMillis mean time of a whole step
   * @param meanCostMillis mean time of its cost pass (SSFT only)
   * @param measuredSteps how many steps the means cover
   */
  public record StepTimes(double meanStepMillis, double meanCostMillis, int measuredSteps) {}

  /**
   * @param config the run's settings
   * @param listener receives the run's progress
   */
  public SsftTrainer(TrainingConfig config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** @return the stage name events carry: {@code ssft}, {@code sft-mixed} or {@code random-tags} */
  String stageName() {
    return config.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** @return the step timing of the last run */
  public StepTimes stepTimes() {
    return times;
  }

  /**
   * Trains from a checkpoint folder on a JSONL file and writes {@code outDir/model} (a Hugging Face checkpoint),
   * {@code matching.jsonl}, {@code matching-summary.json} and {@code checkpoints/}. Resumes from the newest
   * checkpoint in {@code outDir} when there is one.
   *
   * @param baseCheckpoint the starting Hugging Face checkpoint (also supplies tokenizer and chat template)
   * @param data JSONL training data
   * @param outDir the output folder
   * @return the summary
   */
  public TrainingSummary train(Path baseCheckpoint, Path data, Path outDir) {
    List<TrainingRecord> records = JsonlDataset.read(data, config.forkingTokens().count());
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new TrainingException("cannot create " + outDir + ": " + e.getMessage(), e);
    }
    Checkpoints checkpoints = new Checkpoints(outDir.resolve("checkpoints"));
    Optional<Checkpoints.Saved> resume = checkpoints.latest(config);
    Path start = resume.map(Checkpoints.Saved::modelDir).orElse(baseCheckpoint);
    try (ExampleEncoder encoder = ExampleEncoder.load(baseCheckpoint, config.forkingTokens());
        CausalLm model = Qwen2CausalLm.load(start)) {
      return train(model, encoder.encodeAll(records), outDir, resume.orElse(null));
    }
  }

  /**
   * Trains an already loaded model (the model is updated in place).
   *
   * @param model the decoder
   * @param data encoded questions
   * @param outDir the output folder
   * @param resume a checkpoint whose model {@code model} was loaded from, or {@code null}
   * @return the summary
   */
  public TrainingSummary train(CausalLm model, List<EncodedRecord> data, Path outDir, Checkpoints.Saved resume) {
    long t0 = System.nanoTime();
    checkLengths(data);
    int slots = 0;
    for (EncodedRecord r : data) {
      slots = Math.max(slots, r.traceCount());
    }
    int n = config.forkingTokens().count();
    int prefix = config.costPrefixTokens() > 0 ? config.costPrefixTokens()
        : CostPass.defaultPrefixTokens(config.maxSeqLen(), n, slots);
    CostPass costPass = new CostPass(model, prefix, config.packing());
    WarmupCosine schedule = new WarmupCosine(config.learningRate(), config.warmupSteps(), config.steps(),
        config.minLrRatio());
    model.parameters().values().forEach(p -> p.setRequiresGradient(true));
    int first = resume == null ? 0 : resume.step();
    Checkpoints checkpoints = new Checkpoints(outDir.resolve("checkpoints"));
    checkpoints.removeIncomplete();
    AtomicFiles.removeStaleTemporaries(outDir);
    double loss = Double.NaN;
    double stepNanos = 0;
    double costNanos = 0;
    int measured = 0;
    try (AdamW adamw = new AdamW(model.parameters(), model.manager(), 0.9, 0.95, 1e-8, config.weightDecay());
        MatchingLog matching = new MatchingLog(outDir.resolve("matching.jsonl"), n, slots,
            resume == null ? null : resume.counts(), first)) {
      if (resume != null) {
        adamw.load(resume.optimizerFile());
      }
      Progress progress = new Progress(listener, stageName(), config.steps(), first, "training "
          + config.method() + " on " + data.size() + " questions, " + config.steps() + " steps, L=" + prefix
          + ", packing " + config.packing() + (first > 0 ? ", resumed at step " + first : ""));
      for (int step = first; step < config.steps(); step++) {
        long s0 = System.nanoTime();
        double lr = schedule.at(step);
        StepResult r = step(model, adamw, costPass, data, step, lr);
        loss = r.loss();
        double gradNorm = r.gradNorm();
        List<int[]> assignments = r.assignments();
        long tokens = r.tokens();
        matching.record(step, loss, lr, gradNorm, assignments);
        long s1 = System.nanoTime();
        if (step - first >= 2) {
          stepNanos += s1 - s0;
          costNanos += r.assignNanos();
          measured++;
        }
        progress.step(step, loss, lr, tokens, Map.of("gradNorm", gradNorm));
        if (config.checkpointEvery() > 0 && (step + 1) % config.checkpointEvery() == 0 && step + 1 < config.steps()) {
          Path saved = checkpoints.save(step + 1, model, adamw, config, matching.counts());
          listener.onEvent(new TrainingEvent.CheckpointSaved(stageName(), step + 1, saved));
        }
      }
      times = new StepTimes(measured == 0 ? 0 : stepNanos / measured / 1e6, measured == 0 ? 0
          : costNanos / measured / 1e6, measured);
      Path out = outDir.resolve("model");
      // Whole or not at all: a kill while saving leaves the previous OUT/model (or none), never a partial one.
      AtomicFiles.writeFolder(out, model::save);
      matching.writeSummary(outDir.resolve("matching-summary.json"));
      checkpoints.removeIncomplete();
      return new TrainingSummary(config.steps(), loss, out, (System.nanoTime() - t0) / 1e9, times.meanStepMillis());
    }
  }

  /**
   * Rejects, before any tensor is made, a record whose prompt and tag prefix leave no trace token within
   * {@code maxSeqLen}: it could not be trained, and its cost-pass rows would grow with the prompt, not the budget.
   */
  private void checkLengths(List<EncodedRecord> data) {
    for (int r = 0; r < data.size(); r++) {
      EncodedRecord rec = data.get(r);
      int prefix = 0;
      for (int[] p : rec.tagPrefixes()) {
        prefix = Math.max(prefix, p.length);
      }
      if ((long) rec.prompt().length + prefix + 1 > config.maxSeqLen()) {
        String q = rec.source().question();
        throw new TrainingException("record " + (r + 1) + " (question '" + (q.length() > 60 ? q.substring(0, 60)
            + "..." : q) + "') has a prompt of " + rec.prompt().length + " tokens (+" + prefix + " of tag prefix), "
            + "which leaves no trace token within maxSeqLen=" + config.maxSeqLen());
      }
    }
  }

  /**
   * What one optimiser step did.
   *
   * @param loss the step's loss (token-mean NLL of the trace tokens)
   * @param gradNorm the gradient norm before clipping
   * @param assignments per question, the 0-based tag of each trace
   * @param tokens tokens in the training forward (padding included)
   * @param assignNanos time spent deciding the tags (the SSFT cost pass and matching)
   */
  public record StepResult(double loss, double gradNorm, List<int[]> assignments, long tokens, long assignNanos) {}

  /**
   * One optimiser step: tags for every question of the step's micro-batches, forward and backward of each
   * micro-batch inside a gradient collector, then clipping and AdamW.
   *
   * @param model the decoder (parameters must require gradients)
   * @param adamw its optimiser
   * @param costPass the SSFT cost pass (unused by the baselines)
   * @param data all questions; the step's are chosen from {@code seed} and {@code step}
   * @param step the 0-based step
   * @param lr the learning rate
   * @return what happened
   */
  public StepResult step(CausalLm model, AdamW adamw, CostPass costPass, List<EncodedRecord> data, int step,
      double lr) {
    List<int[]> assignments = new ArrayList<>();
    List<ExampleBatch> batches = new ArrayList<>();
    long c0 = System.nanoTime();
    List<List<EncodedRecord>> micro = new ArrayList<>();
    List<List<int[]>> microTags = new ArrayList<>();
    for (int a = 0; a < config.accumulation(); a++) {
      List<EncodedRecord> batch = batch(data, step, a);
      List<int[]> tags = assign(model, costPass, batch, step, a);
      micro.add(batch);
      microTags.add(tags);
      assignments.addAll(tags);
    }
    long c1 = System.nanoTime();
    int scored = 0;
    for (int a = 0; a < micro.size(); a++) {
      ExampleBatch eb = examples(micro.get(a), microTags.get(a));
      batches.add(eb);
      scored += eb.scoredTokens();
    }
    double loss = 0;
    long tokens = 0;
    for (ExampleBatch eb : batches) {
      tokens += (long) eb.rows() * eb.length();
      try (NDManager m = model.manager().newSubManager();
          GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
        NDArray scale = m.create(1f / scored);
        NDArray l = eb.loss(model, m, scale);
        gc.backward(l);
        loss += l.getFloat();
      }
    }
    if (!Double.isFinite(loss)) {
      throw new TrainingException("loss is " + loss + " at step " + (step + 1) + ": lower the learning rate");
    }
    double gradNorm = adamw.step(lr, config.clipNorm());
    return new StepResult(loss, gradNorm, assignments, tokens, config.method() == TrainingMethod.SSFT ? c1 - c0 : 0);
  }

  /** The questions of micro-batch {@code a} of {@code step}: consecutive slices of seeded epoch permutations. */
  List<EncodedRecord> batch(List<EncodedRecord> data, int step, int a) {
    List<EncodedRecord> out = new ArrayList<>(config.batchSize());
    long base = ((long) step * config.accumulation() + a) * config.batchSize();
    for (int k = 0; k < config.batchSize(); k++) {
      long g = base + k;
      int epoch = (int) (g / data.size());
      int[] order = epochOrders.computeIfAbsent(epoch, e -> EpochOrder.permutation(data.size(), EpochOrder.mix(config.seed(), e, -1, -1)));
      out.add(data.get(order[(int) (g % data.size())]));
    }
    return out;
  }

  /** For each question, the 0-based tag each trace is trained under. */
  List<int[]> assign(CausalLm model, CostPass costPass, List<EncodedRecord> batch, int step, int a) {
    List<int[]> out = new ArrayList<>(batch.size());
    int n = config.forkingTokens().count();
    switch (config.method()) {
      case SFT_MIXED -> {
        for (EncodedRecord r : batch) {
          int[] tags = new int[r.traceCount()];
          java.util.Arrays.fill(tags, config.fixedTag() - 1);
          out.add(tags);
        }
      }
      case RANDOM_TAGS -> {
        for (int k = 0; k < batch.size(); k++) {
          int[] perm = EpochOrder.permutation(n, EpochOrder.mix(config.seed(), step, a, k));
          out.add(java.util.Arrays.copyOf(perm, batch.get(k).traceCount()));
        }
      }
      case SSFT -> {
        double[][][] costs;
        try (NDManager m = model.manager().newSubManager()) {
          costs = costPass.costs(batch, m);
        }
        for (double[][] c : costs) {
          out.add(Hungarian.solve(c).rowOfColumn());
        }
      }
      default -> throw new IllegalStateException(config.method().toString());
    }
    return out;
  }

  private ExampleBatch examples(List<EncodedRecord> batch, List<int[]> tags) {
    List<ExampleBatch.Example> ex = new ArrayList<>();
    for (int k = 0; k < batch.size(); k++) {
      EncodedRecord r = batch.get(k);
      int[] t = tags.get(k);
      for (int j = 0; j < r.traceCount(); j++) {
        ex.add(new ExampleBatch.Example(r.example(t[j], j), r.prompt().length + r.tagPrefixes()[t[j]].length));
      }
    }
    return ExampleBatch.of(ex, config.maxSeqLen());
  }
}
