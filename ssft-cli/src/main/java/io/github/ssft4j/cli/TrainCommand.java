package io.github.ssft4j.cli;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.spi.ModelTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ssft train}: fine-tunes a Hugging Face checkpoint with SSFT, a baseline, GFPO or GRPO. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Fine-tunes a Qwen2 Hugging Face checkpoint. On JSONL traces: SSFT (minimum-cost matching of "
        + "traces to forking tags), SFT-mixed (every trace under one tag) or random-tags; writes OUT/model (HF "
        + "checkpoint), OUT/matching.jsonl, OUT/matching-summary.json and resumable OUT/checkpoints/. On JSONL "
        + "questions with gold answers (this project's layout or DAPO-Math-17k's): GFPO (RL on the forking-tag "
        + "choice only) or GRPO (RL on every completion token) of an SSFT model; writes OUT/model, OUT/gfpo.jsonl "
        + "and OUT/checkpoints/.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--method", required = true, description = "ssft, sft-mixed, random-tags, gfpo or grpo.")
  String method;

  @Option(names = "--model", required = true, description = "Starting Hugging Face checkpoint folder.")
  Path model;

  @Option(names = "--data", required = true,
      description = "JSONL: {\"question\", \"traces\": [...], \"answer\"} with optional \"system\".")
  Path data;

  @Option(names = "--out", required = true, description = "Output folder; a run resumes from its checkpoints.")
  Path out;

  // Defaults come from TrainingConfig's builder, so the command trains exactly as the library does.
  private static final TrainingConfig D = TrainingConfig.builder().build();

  @Option(names = "--steps", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
  int steps = D.steps();

  @Option(names = "--batch-size", description = "Questions per micro-batch. Default: ${DEFAULT-VALUE}.")
  int batchSize = D.batchSize();

  @Option(names = "--accumulation", description = "Micro-batches per step. Default: ${DEFAULT-VALUE}.")
  int accumulation = D.accumulation();

  @Option(names = "--lr", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
  double lr = D.learningRate();

  @Option(names = "--warmup", defaultValue = "-1", description = "Warm-up steps; -1 for 10%% of the steps.")
  int warmup;

  @Option(names = "--weight-decay", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay = D.weightDecay();

  @Option(names = "--clip", description = "Gradient-norm clipping, 0 for none. Default: ${DEFAULT-VALUE}.")
  double clip = D.clipNorm();

  @Option(names = "--max-seq-len", description = "Token budget of an example. Default: ${DEFAULT-VALUE}.")
  int maxSeqLen = D.maxSeqLen();

  @Option(names = "--cost-prefix",
      description = "L, trace tokens scored in the SSFT cost matrix; 0 for floor(max-seq-len / (N * M)).")
  int costPrefix = D.costPrefixTokens();

  @Option(names = "--packing", description = "Cost-pass layout: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  TrainingConfig.Packing packing = D.packing();

  @Option(names = "--tags", description = "Number of forking tags N. Default: ${DEFAULT-VALUE}.")
  int tags = D.forkingTokens().count();

  @Option(names = "--fixed-tag", description = "The tag SFT-mixed trains under. Default: ${DEFAULT-VALUE}.")
  int fixedTag = D.fixedTag();

  @Option(names = "--checkpoint-every", description = "Steps between checkpoints, 0 for none. Default: ${DEFAULT-VALUE}.")
  int checkpointEvery = D.checkpointEvery();

  @Option(names = "--seed", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed = D.seed();

  @Option(names = "--threads", description = "PyTorch intra-op threads; 0 lets the trainer choose (one for small "
      + "models, all cores for large ones). Default: ${DEFAULT-VALUE}.")
  int threads = D.threads();

  @ArgGroup(exclusive = false, heading = "GFPO / GRPO (--method gfpo|grpo; --steps, --batch-size (questions a "
      + "step), --lr, --warmup, --weight-decay, --clip, --checkpoint-every and --seed apply too, with GFPO's "
      + "defaults unless given):%n")
  RlOptions rl = new RlOptions();

  /** The settings only {@code gfpo} and {@code grpo} read; defaults as {@link GfpoConfig#DEFAULT}. */
  static final class RlOptions {
    private static final GfpoConfig G = GfpoConfig.DEFAULT;

    @Option(names = "--trainable", description = "Parameters updated: all, or head (the output head: for gfpo only "
        + "the tags' rows move). Default: all.")
    String trainable = "all";

    @Option(names = "--group-size", description = "Tags drawn (branches rolled out) per question G. Default: 6.")
    int groupSize = G.groupSize();

    @Option(names = "--scale-rewards", description = "group, batch or none. Default: group.")
    String scaleRewards = "group";

    @Option(names = "--loss-type", description = "grpo's token aggregation: grpo, dapo or dr_grpo. Default: dapo.")
    String lossType = "dapo";

    @Option(names = "--inner-iterations", description = "Updates per batch of rollouts (PPO clipping acts from "
        + "the second). Default: 1.")
    int innerIterations = G.innerIterations();

    @Option(names = "--clip-epsilon", description = "PPO clip range. Default: 0.2.")
    double clipEpsilon = G.clipEpsilon();

    @Option(names = "--kl", description = "KL weight to the starting model, 0 for off. Default: 0.")
    double kl = G.klCoefficient();

    @Option(names = "--trace-kl", description = "GFPO: weight of the per-token KL from the starting model on the "
        + "rollouts' completion tokens, which holds the traces while the fork's shared weights move. Default: 0.")
    double traceKl = G.traceKlCoefficient();

    @Option(names = "--format-penalty", description = "Subtracted from the reward when no answer is found. "
        + "Default: 0.")
    double formatPenalty = G.formatPenalty();

    @Option(names = "--temperature", description = "Rollout temperature, 0 for greedy. Default: 0.7.")
    double temperature = G.rollout().temperature();

    @Option(names = "--top-p", description = "Rollout top-p. Default: 0.95.")
    double topP = G.rollout().topP();

    @Option(names = "--max-new-tokens", description = "Rollout token budget. Default: 1024.")
    int maxNewTokens = G.rollout().maxNewTokens();

    @Option(names = "--system", description = "System prompt of questions without one; 'none' for none. Default: "
        + "the reference evaluation's (answer in \\boxed{}).")
    String system;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String m = method.trim().toLowerCase(Locale.ROOT);
    if (m.equals("gfpo") || m.equals("grpo")) {
      return reinforce(m.equals("gfpo") ? GfpoConfig.Scope.FORK : GfpoConfig.Scope.FULL);
    }
    TrainingMethod method;
    try {
      method = new MethodConverter().convert(this.method);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new ParameterException(spec.commandLine(), "--method: " + e.getMessage(), e);
    }
    TrainingConfig config = TrainingConfig.builder().method(method).tags(tags).steps(steps).batchSize(batchSize)
        .accumulation(accumulation).learningRate(lr).warmupSteps(warmup).weightDecay(weightDecay).clipNorm(clip)
        .maxSeqLen(maxSeqLen).costPrefixTokens(costPrefix).packing(packing).fixedTag(fixedTag)
        .checkpointEvery(checkpointEvery).seed(seed).threads(threads).build();
    TrainingSummary s = ModelTrainer.findDefault().finetune(model, data, out, config,
        new TrainingProgressBar(System.err));
    System.out.printf(Locale.ROOT, "trained %s for %d steps in %.1f s, final loss %.4f, %.0f ms a step; model in %s%n",
        method, s.steps(), s.seconds(), s.finalLoss(), s.meanStepMillis(), s.checkpoint());
    return 0;
  }

  private int reinforce(GfpoConfig.Scope scope) {
    GfpoConfig d = GfpoConfig.DEFAULT;
    var given = spec.commandLine().getParseResult();
    GfpoConfig config = GfpoConfig.builder().scope(scope)
        .steps(given.hasMatchedOption("--steps") ? steps : d.steps())
        .questionsPerStep(given.hasMatchedOption("--batch-size") ? batchSize : d.questionsPerStep())
        .groupSize(rl.groupSize).trainable(named(GfpoConfig.Trainable.class, rl.trainable, "--trainable", spec))
        .learningRate(given.hasMatchedOption("--lr") ? lr : d.learningRate())
        .warmupSteps(Math.max(0, warmup))
        .weightDecay(given.hasMatchedOption("--weight-decay") ? weightDecay : d.weightDecay())
        .clipNorm(clip)
        .scaleRewards(named(GfpoConfig.ScaleRewards.class, rl.scaleRewards, "--scale-rewards", spec))
        .lossType(named(GfpoConfig.LossType.class, rl.lossType, "--loss-type", spec))
        .innerIterations(rl.innerIterations).clipEpsilon(rl.clipEpsilon).klCoefficient(rl.kl)
        .traceKlCoefficient(rl.traceKl)
        .formatPenalty(rl.formatPenalty)
        .rollout(GenerationOptions.DEFAULT.withTemperature(rl.temperature).withTopP(rl.topP)
            .withMaxNewTokens(rl.maxNewTokens))
        .systemPrompt(rl.system == null ? d.systemPrompt() : rl.system.equals("none") ? null : rl.system)
        .checkpointEvery(given.hasMatchedOption("--checkpoint-every") ? checkpointEvery : d.checkpointEvery())
        .seed(seed).build();
    TrainingSummary s = ModelTrainer.findDefault().gfpo(model, data, out, config,
        new TrainingProgressBar(System.err));
    System.out.printf(Locale.ROOT, "trained %s for %d steps in %.1f s, last loss %.4f, %.0f ms a step (split in "
        + "OUT/gfpo.jsonl); model in %s%n", scope == GfpoConfig.Scope.FORK ? "GFPO" : "GRPO", s.steps(), s.seconds(),
        s.finalLoss(), s.meanStepMillis(), s.checkpoint());
    return 0;
  }

  private static <E extends Enum<E>> E named(Class<E> type, String value, String option, CommandSpec spec) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": '" + value + "' is not one of "
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
      throw new io.github.ssft4j.InvalidArgumentException("--method: '" + value
          + "' is not a method; use ssft, sft-mixed, random-tags, gfpo or grpo");
    }
  }
}
