package io.github.ssft4j.cli;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.spi.TrainingSummary;
import io.github.ssft4j.train.internal.gfpo.GfpoTrainer;
import io.github.ssft4j.train.internal.ssft.Packing;
import io.github.ssft4j.train.internal.ssft.SsftTrainer;
import io.github.ssft4j.train.internal.ssft.TrainerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ssft train}: fine-tunes a Hugging Face checkpoint with SSFT, a baseline, GFPO or GRPO. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Fine-tunes a Qwen2 Hugging Face checkpoint. On JSONL traces: SSFT (minimum-cost matching of "
        + "traces to forking tags), SFT-mixed (every trace under one tag) or random-tags; writes OUT/model (HF "
        + "checkpoint), OUT/matching.jsonl, OUT/matching-summary.json and resumable OUT/checkpoints/. On JSONL "
        + "questions with gold answers (this project's layout or DAPO-Math-17k's): GFPO (RL on the forking-tag "
        + "choice only) or GRPO (RL on every completion token); writes OUT/model, OUT/gfpo.jsonl and "
        + "OUT/checkpoints/.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--method", required = true,
      description = "ssft, sft-mixed, random-tags, gfpo or grpo.")
  String method;

  @Option(names = "--model", required = true, description = "Starting Hugging Face checkpoint folder.")
  Path model;

  @Option(names = "--data", required = true,
      description = "JSONL: {\"question\", \"traces\": [...], \"answer\"} with optional \"system\".")
  Path data;

  @Option(names = "--out", required = true, description = "Output folder; a run resumes from its checkpoints.")
  Path out;

  @Option(names = "--steps", description = "Optimiser steps. Default: 200 (gfpo/grpo: 20).")
  Integer steps;

  @Option(names = "--batch-size", description = "Questions per micro-batch (gfpo/grpo: per step). Default: 4 "
      + "(gfpo/grpo: 8).")
  Integer batchSize;

  @Option(names = "--accumulation", defaultValue = "1", description = "Micro-batches per step. Default: ${DEFAULT-VALUE}.")
  int accumulation;

  @Option(names = "--lr", description = "Peak learning rate. Default: 1e-3 (gfpo/grpo: 2e-4).")
  Double lr;

  @Option(names = "--warmup", defaultValue = "-1", description = "Warm-up steps; -1 for 10%% of the steps.")
  int warmup;

  @Option(names = "--weight-decay", description = "AdamW weight decay. Default: 0.01 (gfpo/grpo: 0).")
  Double weightDecay;

  @Option(names = "--clip", defaultValue = "1.0", description = "Gradient-norm clipping, 0 for none. Default: ${DEFAULT-VALUE}.")
  double clip;

  @Option(names = "--max-seq-len", defaultValue = "256", description = "Token budget of an example. Default: ${DEFAULT-VALUE}.")
  int maxSeqLen;

  @Option(names = "--cost-prefix", defaultValue = "0",
      description = "L, trace tokens scored in the SSFT cost matrix; 0 for floor(max-seq-len / (N * M)).")
  int costPrefix;

  @Option(names = "--packing", defaultValue = "SHARED_PROMPT",
      description = "Cost-pass layout: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Packing packing;

  @Option(names = "--tags", defaultValue = "6", description = "Number of forking tags N. Default: ${DEFAULT-VALUE}.")
  int tags;

  @Option(names = "--fixed-tag", defaultValue = "1", description = "The tag SFT-mixed trains under. Default: ${DEFAULT-VALUE}.")
  int fixedTag;

  @Option(names = "--checkpoint-every", description = "Steps between checkpoints, 0 for none. Default: 100 "
      + "(gfpo/grpo: 50).")
  Integer checkpointEvery;

  @ArgGroup(exclusive = false, heading = "GFPO / GRPO options:%n")
  RlOptions rl = new RlOptions();

  /** The settings only {@code gfpo} and {@code grpo} read; defaults as {@link GfpoConfig#DEFAULT}. */
  static final class RlOptions {
    @Option(names = "--group-size", defaultValue = "6", description = "Tags drawn (branches) per question G. Default: ${DEFAULT-VALUE}.")
    int groupSize = 6;

    @Option(names = "--scale-rewards", defaultValue = "group", description = "group, batch or none. Default: ${DEFAULT-VALUE}.")
    String scaleRewards = "group";

    @Option(names = "--loss-type", defaultValue = "dapo", description = "grpo only: grpo, dapo or dr_grpo. Default: ${DEFAULT-VALUE}.")
    String lossType = "dapo";

    @Option(names = "--inner-iterations", defaultValue = "1", description = "Updates per batch of rollouts (PPO clipping acts from the second). Default: ${DEFAULT-VALUE}.")
    int innerIterations = 1;

    @Option(names = "--clip-epsilon", defaultValue = "0.2", description = "PPO clip range. Default: ${DEFAULT-VALUE}.")
    double clipEpsilon = 0.2;

    @Option(names = "--kl", defaultValue = "0", description = "KL weight to the starting model, 0 for off. Default: ${DEFAULT-VALUE}.")
    double kl;

    @Option(names = "--format-penalty", defaultValue = "0", description = "Subtracted from the reward when no answer is found. Default: ${DEFAULT-VALUE}.")
    double formatPenalty;

    @Option(names = "--temperature", defaultValue = "0.7", description = "Rollout temperature, 0 = greedy. Default: ${DEFAULT-VALUE}.")
    double temperature = 0.7;

    @Option(names = "--top-p", defaultValue = "0.95", description = "Rollout top-p. Default: ${DEFAULT-VALUE}.")
    double topP = 0.95;

    @Option(names = "--max-new-tokens", defaultValue = "1024", description = "Rollout token budget. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens = 1024;

    @Option(names = "--system", description = "System prompt for questions without one; 'none' for none. Default: "
        + "the reference evaluation's (answer in \\boxed{}).")
    String system;
  }

  @Option(names = "--seed", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin TorchThreadsMixin torchThreads;

  @Override
  public Integer call() {
    torchThreads.apply();
    String m = method.trim().toLowerCase(Locale.ROOT);
    if (m.equals("gfpo") || m.equals("grpo")) {
      return reinforce(m.equals("gfpo") ? GfpoConfig.Scope.FORK : GfpoConfig.Scope.FULL);
    }
    TrainingMethod trainingMethod = new MethodConverter().convert(method);
    int n = steps == null ? 200 : steps;
    TrainerConfig config = new TrainerConfig(trainingMethod, ForkingTokens.of(tags), n, or(batchSize, 4),
        accumulation, or(lr, 1e-3), warmup < 0 ? n / 10 : warmup, 0.1, or(weightDecay, 0.01), clip, maxSeqLen,
        costPrefix, packing, fixedTag, or(checkpointEvery, 100), seed, true);
    SsftTrainer trainer = new SsftTrainer(config, System.err);
    TrainingSummary s = trainer.train(model, data, out);
    System.out.printf(Locale.ROOT, "trained %s for %d steps in %.1f s, final loss %.4f, %.0f ms a step; model in %s%n",
        trainingMethod, s.steps(), s.seconds(), s.finalLoss(), trainer.stepTimes().meanStepMillis(), s.checkpoint());
    return 0;
  }

  private int reinforce(GfpoConfig.Scope scope) {
    GfpoConfig d = GfpoConfig.DEFAULT;
    GfpoConfig config = GfpoConfig.builder().scope(scope).steps(or(steps, d.steps()))
        .questionsPerStep(or(batchSize, d.questionsPerStep())).groupSize(rl.groupSize).learningRate(or(lr,
            d.learningRate())).warmupSteps(Math.max(0, warmup)).weightDecay(or(weightDecay, d.weightDecay()))
        .clipNorm(clip).scaleRewards(enumOf(GfpoConfig.ScaleRewards.class, rl.scaleRewards, "--scale-rewards"))
        .lossType(enumOf(GfpoConfig.LossType.class, rl.lossType, "--loss-type")).innerIterations(rl.innerIterations)
        .clipEpsilon(rl.clipEpsilon).klCoefficient(rl.kl).formatPenalty(rl.formatPenalty)
        .rollout(GenerationOptions.DEFAULT.withTemperature(rl.temperature).withTopP(rl.topP)
            .withMaxNewTokens(rl.maxNewTokens))
        .systemPrompt(rl.system == null ? d.systemPrompt() : rl.system.equals("none") ? null : rl.system)
        .checkpointEvery(or(checkpointEvery, d.checkpointEvery())).seed(seed).build();
    GfpoTrainer trainer = new GfpoTrainer(config, RuntimeOptions.DEFAULT, System.err, true);
    TrainingSummary s = trainer.train(model, data, out);
    GfpoTrainer.StepTimes t = trainer.stepTimes();
    System.out.printf(Locale.ROOT, "trained %s for %d steps in %.1f s, last loss %.4f; a step %.0f ms (export %.0f, "
        + "policy %.0f, rollouts %.0f, update %.0f); model in %s%n", trainer.method(), s.steps(), s.seconds(),
        s.finalLoss(), t.stepMillis(), t.exportMillis(), t.policyMillis(), t.rolloutMillis(), t.updateMillis(),
        s.checkpoint());
    return 0;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new io.github.ssft4j.InvalidArgumentException(option + ": '" + value + "' is not one of "
          + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT), e);
    }
  }

  /** Accepts {@code ssft}, {@code sft-mixed}, {@code random-tags} (and the enum names). */
  static final class MethodConverter implements ITypeConverter<TrainingMethod> {
    @Override
    public TrainingMethod convert(String value) {
      String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (TrainingMethod m : TrainingMethod.values()) {
        if (m.name().equals(name)) {
          return m;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("'" + value
          + "' is not a method; use ssft, sft-mixed, random-tags, gfpo or grpo");
    }
  }
}
