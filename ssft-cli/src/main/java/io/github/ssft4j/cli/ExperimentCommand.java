package io.github.ssft4j.cli;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.research.experiment.GfpoExperiment;
import io.github.ssft4j.research.experiment.SsftVsSftExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft experiment}: experiments that train, export and evaluate. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Experiments that train, export and evaluate models.",
    subcommands = {ExperimentCommand.SsftVsSft.class, ExperimentCommand.Gfpo.class})
final class ExperimentCommand extends CommandGroup {
  /** {@code ssft experiment ssft-vs-sft}. */
  @Command(
      name = "ssft-vs-sft",
      mixinStandardHelpOptions = true,
      description = "Trains SSFT, SFT-mixed and random-tags from the same checkpoint on the synthetic subtraction "
          + "task with equal steps, exports each to ONNX, answers held-out questions with one branch per tag, and "
          + "writes the results page (markdown, JSON, PNG chart).")
  static final class SsftVsSft implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Starting Hugging Face checkpoint (e.g. the "
        + "qwen2-small fixture's hf folder).")
    Path model;

    @Option(names = "--out", required = true, description = "Working folder for data, checkpoints, exports.")
    Path out;

    @Option(names = "--results", defaultValue = "docs/results", description = "Where the page goes. Default: ${DEFAULT-VALUE}.")
    Path results;

    @Option(names = "--train", defaultValue = "3000", description = "Training questions. Default: ${DEFAULT-VALUE}.")
    int train;

    @Option(names = "--test", defaultValue = "500", description = "Held-out questions. Default: ${DEFAULT-VALUE}.")
    int test;

    @Option(names = "--steps", defaultValue = "600", description = "Steps per method. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch-size", defaultValue = "4", description = "Questions per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--temperature", defaultValue = "0", description = "Evaluation temperature, 0 = greedy. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Per branch. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--bench-rounds", defaultValue = "10",
        description = "Alternating SSFT / SFT-mixed step-time rounds, 0 to skip. Default: ${DEFAULT-VALUE}.")
    int benchRounds;

    @Override
    public Integer call() {
      Path page = SsftVsSftExperiment.run(new SsftVsSftExperiment.Settings(model, out, results, train, test, steps,
          batchSize, lr, seed, temperature, maxNewTokens, benchRounds), System.err,
          new TrainingProgressBar(System.err));
      System.out.println("results: " + page);
      return 0;
    }
  }

  /** {@code ssft experiment gfpo}. */
  @Command(
      name = "gfpo",
      mixinStandardHelpOptions = true,
      description = "Starts from an SSFT model of the synthetic subtraction task (trained here unless --ssft-model "
          + "is given), picks GFPO's learning rate by a short sweep on development questions, runs GFPO on "
          + "training questions, and compares on held-out questions the model's own tag (arg-max, sampled) with "
          + "every fixed tag, a random tag and the oracle; writes the results page (markdown, JSON, PNG chart).")
  static final class Gfpo implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Checkpoint SSFT starts from (e.g. the "
        + "qwen2-small fixture's hf folder).")
    Path model;

    @Option(names = "--ssft-model", description = "An SSFT checkpoint of the task to start GFPO from instead.")
    Path ssftModel;

    @Option(names = "--out", required = true, description = "Working folder for data, checkpoints, exports.")
    Path out;

    @Option(names = "--results", defaultValue = "docs/results", description = "Where the page goes. Default: ${DEFAULT-VALUE}.")
    Path results;

    @Option(names = "--train", defaultValue = "3000", description = "Training questions. Default: ${DEFAULT-VALUE}.")
    int train;

    @Option(names = "--dev", defaultValue = "150", description = "Of those, development questions for the sweep. Default: ${DEFAULT-VALUE}.")
    int dev;

    @Option(names = "--test", defaultValue = "500", description = "Held-out questions. Default: ${DEFAULT-VALUE}.")
    int test;

    @Option(names = "--ssft-steps", defaultValue = "600", description = "SSFT steps. Default: ${DEFAULT-VALUE}.")
    int ssftSteps;

    @Option(names = "--steps", defaultValue = "60", description = "GFPO steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch-size", defaultValue = "12", description = "Questions per GFPO step B. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--group-size", defaultValue = "6", description = "Tags drawn per question G. Default: ${DEFAULT-VALUE}.")
    int groupSize;

    @Option(names = "--lrs", defaultValue = "3e-4,1e-3", split = ",",
        description = "Learning rates of the sweep. Default: ${DEFAULT-VALUE}.")
    List<Double> lrs;

    @Option(names = "--trainable", defaultValue = "ALL", description = "Parameters GFPO updates: ${COMPLETION-CANDIDATES}. "
        + "Default: ${DEFAULT-VALUE} (the head alone cannot learn a per-question choice here; see the page).")
    GfpoConfig.Trainable trainable;

    @Option(names = "--kl", defaultValue = "0", description = "KL weight to the SSFT model's fork distribution. "
        + "Default: ${DEFAULT-VALUE}.")
    double kl;

    @Option(names = "--trace-kl", defaultValue = "1", description = "Weight of the per-token KL from the SSFT model "
        + "on the rollouts' completions (holds the traces while ALL parameters train). Default: ${DEFAULT-VALUE}.")
    double traceKl;

    @Option(names = "--sweep-steps", defaultValue = "60", description = "Steps of each sweep run. Default: ${DEFAULT-VALUE}.")
    int sweepSteps;

    @Option(names = "--temperature", defaultValue = "0", description = "Rollout temperature, 0 = greedy (the "
        + "evaluation's decoding). Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Per branch. Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
      GfpoConfig config = GfpoConfig.builder().trainable(trainable).steps(steps).questionsPerStep(batchSize).groupSize(groupSize)
          .systemPrompt(null).checkpointEvery(Math.max(20, steps / 4)).seed(seed).klCoefficient(kl)
          .traceKlCoefficient(traceKl)
          .rollout(GenerationOptions.DEFAULT.withTemperature(temperature).withMaxNewTokens(maxNewTokens)).build();
      Path page = GfpoExperiment.run(new GfpoExperiment.Settings(model, ssftModel, out, results, train, dev, test,
          ssftSteps, config, lrs, sweepSteps, maxNewTokens, seed), System.err, new TrainingProgressBar(System.err));
      System.out.println("results: " + page);
      return 0;
    }
  }
}
