package io.github.ssft4j.train.internal.gfpo;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Trace;
import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.SsftSettings;
import io.github.ssft4j.runtime.internal.TagSequences;
import io.github.ssft4j.train.internal.data.EpochOrder;
import io.github.ssft4j.train.internal.model.ForkScorer;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import io.github.ssft4j.train.internal.optim.AdamW;
import io.github.ssft4j.train.internal.optim.WarmupCosine;
import io.github.ssft4j.train.internal.ssft.Checkpoints;
import io.github.ssft4j.train.internal.ssft.Progress;
import io.github.ssft4j.train.internal.ssft.Qwen2CausalLm;
import io.github.ssft4j.voting.AnswerVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GFPO (and, with {@link GfpoConfig.Scope#FULL}, plain GRPO) on DJL's PyTorch engine.
 *
 * <p>A step: export the current weights to ONNX Runtime ({@link OrtRollouts}); take {@code B} questions (seeded
 * epoch order); compute each one's fork policy on the DJL model and draw {@code G} tags from it; roll the
 * {@code G} branches out (one prefill, forked); reward each with the {@code ssft-voting} verifier; group-normalise
 * the advantages ({@link Advantages}); then {@link GfpoConfig#innerIterations()} AdamW updates of the
 * {@link GfpoLoss}. Writes {@code <out>/model} (a Hugging Face checkpoint whose {@code ssft.json} declares
 * {@link TagSchedule#MODEL_CHOSEN}), {@code <out>/gfpo.jsonl} (one line a step: rewards, entropy, chosen tags,
 * time split) and resumable {@code <out>/checkpoints/}.
 *
 * <p>Determinism: questions, tag draws and rollout seeds depend on the seed, the step and the position only, so a
 * resumed run repeats the steps an uninterrupted one takes.
 */
public final class GfpoTrainer {
  private final GfpoConfig config;
  private final RuntimeOptions runtime;
  private final TrainingListener listener;
  private StepTimes times = new StepTimes(0, 0, 0, 0, 0, 0);

  /**
   * Mean wall time of a step and its parts, the first step left out (warm-up).
   *
   * @param exportMillis re-exporting the weights and opening the ONNX Runtime session
   * @param policyMillis the fork policy and the tag draws (DJL, no gradient)
   * @param rolloutMillis generating and verifying the {@code B * G} branches (ONNX Runtime)
   * @param updateMillis forward, backward and AdamW over the inner iterations (DJL)
   * @param stepMillis the whole step
   * @param measuredSteps steps the means cover
   */
  public record StepTimes(double exportMillis, double policyMillis, double rolloutMillis, double updateMillis,
      double stepMillis, int measuredSteps) {}

  /**
   * @param config the run
   * @param runtime ONNX Runtime options of the rollouts
   * @param listener receives the stage's events (stage {@code gfpo} or {@code grpo}; step metrics
   *     {@code meanReward}, {@code tagEntropy}, {@code answered}, {@code gradNorm})
   */
  public GfpoTrainer(GfpoConfig config, RuntimeOptions runtime, TrainingListener listener) {
    this.config = config;
    this.runtime = runtime;
    this.listener = listener;
  }

  /** @return the stage name events carry: {@code gfpo} or {@code grpo} */
  public String stage() {
    return method().toLowerCase(java.util.Locale.ROOT);
  }

  /** @return the step timing of the last run */
  public StepTimes stepTimes() {
    return times;
  }

  /** @return the method name checkpoints record ({@code GFPO} or {@code GRPO}) */
  public String method() {
    return config.scope() == GfpoConfig.Scope.FORK ? "GFPO" : "GRPO";
  }

  /**
   * Trains {@code base} on the questions of {@code data}; resumes from the newest checkpoint in {@code outDir}.
   *
   * @param base the starting Hugging Face checkpoint (an SSFT model; its {@code ssft.json} gives the tags)
   * @param data JSONL questions with gold answers ({@link QuestionDataset})
   * @param outDir the output folder
   * @return the summary
   */
  public TrainingSummary train(Path base, Path data, Path outDir) {
    long t0 = System.nanoTime();
    List<GfpoQuestion> questions = QuestionDataset.read(data);
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new TrainingException("cannot create " + outDir + ": " + e.getMessage(), e);
    }
    Checkpoints checkpoints = new Checkpoints(outDir.resolve("checkpoints"));
    Optional<Checkpoints.Saved> resume = checkpoints.latest(method(), config.seed());
    Path start = resume.map(Checkpoints.Saved::modelDir).orElse(base);
    int first = resume.map(Checkpoints.Saved::step).orElse(0);
    try (Qwen2Model model = Qwen2Model.load(start);
        Qwen2Model reference = config.klCoefficient() > 0 || config.traceKlCoefficient() > 0
            ? Qwen2Model.load(base) : null;
        OrtRollouts rollouts = new OrtRollouts(outDir.resolve("rollout-model"), runtime);
        AdamW adamw = new AdamW(trained(model), model.manager(), 0.9, 0.99, 1e-8, config.weightDecay());
        StepLog stepLog = StepLog.open(outDir.resolve("gfpo.jsonl"), first)) {
      if (resume.isPresent()) {
        adamw.load(resume.get().optimizerFile());
      }
      trained(model).values().forEach(p -> p.setRequiresGradient(true));
      Progress bar = new Progress(listener, stage(), config.steps(), first, method() + " on " + questions.size()
          + " questions, " + config);
      Run run = new Run(model, reference, rollouts, adamw, questions, stepLog);
      double loss = Double.NaN;
      double[] sums = new double[5];
      int measured = 0;
      for (int step = first; step < config.steps(); step++) {
        StepRecord r = run.step(step);
        loss = r.loss();
        if (step > first) {
          sums[0] += r.exportNanos();
          sums[1] += r.policyNanos();
          sums[2] += r.rolloutNanos();
          sums[3] += r.updateNanos();
          sums[4] += r.stepNanos();
          measured++;
        }
        bar.step(step, r.loss(), r.lr(), r.tokens(), Map.of("meanReward", r.meanReward(), "tagEntropy",
            r.entropy(), "answered", r.answered(), "gradNorm", r.gradNorm()));
        if (config.checkpointEvery() > 0 && (step + 1) % config.checkpointEvery() == 0 && step + 1 < config.steps()) {
          Path saved = checkpoints.save(step + 1, new Qwen2CausalLm(model), adamw, method(), config.seed(),
              new long[0][]);
          listener.onEvent(new TrainingEvent.CheckpointSaved(stage(), step + 1, saved));
        }
      }
      int n = Math.max(1, measured);
      times = new StepTimes(sums[0] / n / 1e6, sums[1] / n / 1e6, sums[2] / n / 1e6, sums[3] / n / 1e6,
          sums[4] / n / 1e6, measured);
      Path out = outDir.resolve("model");
      model.save(out);
      SsftSettings.read(out).withTagPolicy(TagSchedule.MODEL_CHOSEN).write(out);
      TrainingSummary summary = new TrainingSummary(config.steps(), loss, out, (System.nanoTime() - t0) / 1e9,
          times.stepMillis());
      listener.onEvent(new TrainingEvent.StageFinished(stage(), summary, false));
      return summary;
    }
  }

  /** The parameters {@link GfpoConfig#trainable()} selects, in checkpoint order. */
  private Map<String, ai.djl.ndarray.NDArray> trained(Qwen2Model model) {
    if (config.trainable() == GfpoConfig.Trainable.ALL) {
      return model.parameters();
    }
    String head = model.parameters().containsKey("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
    return Map.of(head, model.parameters().get(head));
  }

  /**
   * What a step did.
   *
   * @param loss the first inner iteration's loss
   * @param lr the learning rate
   * @param meanReward mean reward of the step's branches
   * @param entropy mean entropy of the step's fork policies
   * @param answered share of branches with an answer
   * @param gradNorm the first inner iteration's gradient norm before clipping
   * @param tokens tokens generated by the rollouts
   */
  record StepRecord(double loss, double lr, double meanReward, double entropy, double answered, double gradNorm,
      long tokens, long exportNanos, long policyNanos, long rolloutNanos, long updateNanos, long stepNanos) {}

  /**
   * With {@link GfpoConfig.Scope#FORK} the output head's rows of tokens outside the tags have zero gradient
   * analytically (the policy renormalises over the tags, so the vocabulary's normaliser cancels) but about 1e-9
   * in float32 rounding, which Adam's per-element scaling would turn into full-size steps on every row: those
   * rows' gradients are set to exactly zero.
   */
  private void maskHeadGradient(Qwen2Model model, ForkScorer scorer, NDManager m) {
    if (config.scope() != GfpoConfig.Scope.FORK) {
      return;
    }
    String head = model.parameters().containsKey("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
    ai.djl.ndarray.NDArray p = model.parameters().get(head);
    if (!p.hasGradient()) {
      return;
    }
    float[] keep = new float[(int) p.getShape().get(0)];
    for (long[] tag : scorer.tags().tags()) {
      for (long id : tag) {
        keep[(int) id] = 1f;
      }
    }
    if (head.equals("model.embed_tokens.weight")) {
      return; // a tied head is also the input embedding: its rows carry real gradient from the prompt
    }
    ai.djl.ndarray.NDArray g = p.getGradient();
    g.muli(m.create(keep, new ai.djl.ndarray.types.Shape(keep.length, 1)));
    g.attach(m);
  }

  /** The state of a run in progress. */
  private final class Run {
    final Qwen2Model model;
    final Qwen2Model reference;
    final OrtRollouts rollouts;
    final AdamW adamw;
    final List<GfpoQuestion> questions;
    final StepLog stepLog;
    final EpochOrder order;
    final WarmupCosine schedule;
    ForkScorer scorer;
    ForkScorer referenceScorer;
    GfpoLoss objective;
    long[][] branchPrefixes;

    Run(Qwen2Model model, Qwen2Model reference, OrtRollouts rollouts, AdamW adamw, List<GfpoQuestion> questions,
        StepLog stepLog) {
      this.model = model;
      this.reference = reference;
      this.rollouts = rollouts;
      this.adamw = adamw;
      this.questions = questions;
      this.stepLog = stepLog;
      this.order = new EpochOrder(questions.size(), config.seed());
      this.schedule = new WarmupCosine(config.learningRate(), config.warmupSteps(), config.steps(), 1.0);
    }

    StepRecord step(int step) {
      long s0 = System.nanoTime();
      rollouts.refresh(model);
      OnnxModel ort = rollouts.model();
      if (scorer == null) {
        TagSequences tags = ort.tagSequences();
        scorer = new ForkScorer(model, tags);
        referenceScorer = reference == null ? null : new ForkScorer(reference, tags);
        objective = new GfpoLoss(model, scorer, config);
        branchPrefixes = new long[tags.count()][];
        for (int i = 0; i < tags.count(); i++) {
          branchPrefixes[i] = ort.tokenizer().encode(ort.forkingTokens().prefix(i + 1));
        }
      }
      long s1 = System.nanoTime();

      int b = config.questionsPerStep();
      int g = config.groupSize();
      List<GfpoQuestion> batch = new ArrayList<>(b);
      List<Prompt> prompts = new ArrayList<>(b);
      List<long[]> promptIds = new ArrayList<>(b);
      for (int q = 0; q < b; q++) {
        GfpoQuestion question = questions.get(order.at((long) step * b + q));
        batch.add(question);
        Prompt prompt = question.prompt(config.systemPrompt());
        prompts.add(prompt);
        promptIds.add(ort.promptIds(prompt));
      }
      ForkDistribution[] policy = new ForkDistribution[b];
      int[][] tags = new int[b][g];
      try (NDManager m = model.manager().newSubManager()) {
        float[] l = scorer.tagLogProbs(m, promptIds).toFloatArray();
        int n = scorer.tags().count();
        for (int q = 0; q < b; q++) {
          double[] row = new double[n];
          for (int i = 0; i < n; i++) {
            row[i] = Math.min(0, l[q * n + i]);
          }
          policy[q] = ForkDistribution.ofLogProbs(row);
          List<Integer> drawn = policy[q].sample(g, EpochOrder.mix(config.seed(), step, q, 1));
          for (int j = 0; j < g; j++) {
            tags[q][j] = drawn.get(j) - 1;
          }
        }
      }
      long s2 = System.nanoTime();

      double[][] rewards = new double[b][g];
      long[][][] completions = new long[b][g][];
      int answered = 0;
      long generated = 0;
      for (int q = 0; q < b; q++) {
        List<Integer> branchTags = new ArrayList<>(g);
        for (int j = 0; j < g; j++) {
          branchTags.add(tags[q][j] + 1);
        }
        List<Trace> traces = rollouts.rollout(prompts.get(q), branchTags,
            config.rollout().withSeed(EpochOrder.mix(config.seed() + config.rollout().seed(), step, q, 2)));
        for (int j = 0; j < g; j++) {
          Trace t = traces.get(j);
          AnswerVerifier.Verdict v = AnswerVerifier.check(batch.get(q).answer(), t.text(),
              AnswerVerifier.Options.DEFAULT);
          boolean found = !v.prediction().isEmpty();
          answered += found ? 1 : 0;
          rewards[q][j] = v.match() ? 1 : found ? 0 : -config.formatPenalty();
          completions[q][j] = t.tokenIds().stream().mapToLong(Integer::longValue).toArray();
          generated += completions[q][j].length;
        }
      }
      long s3 = System.nanoTime();

      double[][] advantages = Advantages.of(rewards, config.scaleRewards(), config.epsilon());
      StepBatch data = new StepBatch(promptIds, tags, advantages, branchPrefixes, completions);
      GfpoLoss.Reference ref = reference == null ? null
          : GfpoLoss.reference(reference, referenceScorer, data, config);
      double lr = schedule.at(step);
      double firstLoss = Double.NaN;
      double gradNorm = Double.NaN;
      double clipped = 0;
      GfpoLoss.Old old = null;
      for (int it = 0; it < config.innerIterations(); it++) {
        try (NDManager m = model.manager().newSubManager();
            GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
          GfpoLoss.Result r = objective.loss(m, data, old, ref);
          gc.backward(r.loss());
          maskHeadGradient(model, scorer, m);
          double value = r.loss().getFloat();
          if (!Double.isFinite(value)) {
            throw new TrainingException("GFPO loss is " + value + " at step " + (step + 1)
                + ": lower the learning rate");
          }
          if (it == 0) {
            firstLoss = value;
            old = r.old();
          }
          clipped = r.meanRatioClipped();
        }
        double norm = adamw.step(lr, config.clipNorm());
        if (it == 0) {
          gradNorm = norm;
        }
      }
      long s4 = System.nanoTime();
      double meanReward = 0;
      for (double[] row : rewards) {
        meanReward += Advantages.mean(row) / b;
      }
      stepLog.write(new StepLog.Line(step, firstLoss, lr, gradNorm, meanReward, answered / (double) (b * g),
          policy, tags, rewards, clipped, batch, s1 - s0, s2 - s1, s3 - s2, s4 - s3));
      double entropy = 0;
      for (ForkDistribution d : policy) {
        entropy += d.entropy() / b;
      }
      return new StepRecord(firstLoss, lr, meanReward, entropy, answered / (double) (b * g), gradNorm, generated,
          s1 - s0, s2 - s1, s3 - s2, s4 - s3, s4 - s0);
    }
  }
}
