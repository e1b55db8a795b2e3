package io.github.ssft4j.cli;

import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.TrainingConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code ssft train}: fine-tunes a Hugging Face checkpoint with SSFT or a baseline. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Fine-tunes a Qwen2 Hugging Face checkpoint on JSONL traces with SSFT (minimum-cost matching of "
        + "traces to forking tags), SFT-mixed (every trace under one tag) or random-tags. Writes OUT/model (HF "
        + "checkpoint), OUT/matching.jsonl, OUT/matching-summary.json and resumable OUT/checkpoints/.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--method", required = true, converter = MethodConverter.class,
      description = "ssft, sft-mixed or random-tags.")
  TrainingMethod method;

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

  @Override
  public Integer call() {
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
          + "' is not a method; use ssft, sft-mixed or random-tags");
    }
  }
}
