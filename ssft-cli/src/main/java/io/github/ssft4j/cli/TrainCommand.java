package io.github.ssft4j.cli;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.spi.TrainingSummary;
import io.github.ssft4j.train.internal.ssft.Packing;
import io.github.ssft4j.train.internal.ssft.SsftTrainer;
import io.github.ssft4j.train.internal.ssft.TrainerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
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

  @Option(names = "--steps", defaultValue = "200", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--batch-size", defaultValue = "4", description = "Questions per micro-batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--accumulation", defaultValue = "1", description = "Micro-batches per step. Default: ${DEFAULT-VALUE}.")
  int accumulation;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--warmup", defaultValue = "-1", description = "Warm-up steps; -1 for 10%% of the steps.")
  int warmup;

  @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

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

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints, 0 for none.")
  int checkpointEvery;

  @Option(names = "--seed", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin TorchThreadsMixin torchThreads;

  @Override
  public Integer call() {
    torchThreads.apply();
    TrainerConfig config = new TrainerConfig(method, ForkingTokens.of(tags), steps, batchSize, accumulation, lr,
        warmup < 0 ? steps / 10 : warmup, 0.1, weightDecay, clip, maxSeqLen, costPrefix, packing, fixedTag,
        checkpointEvery, seed, true);
    SsftTrainer trainer = new SsftTrainer(config, System.err);
    TrainingSummary s = trainer.train(model, data, out);
    System.out.printf(Locale.ROOT, "trained %s for %d steps in %.1f s, final loss %.4f, %.0f ms a step; model in %s%n",
        method, s.steps(), s.seconds(), s.finalLoss(), trainer.stepTimes().meanStepMillis(), s.checkpoint());
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
