package io.github.ssft4j.cli;

import io.github.ssft4j.research.experiment.SsftVsSftExperiment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft experiment}: experiments that train, export and evaluate. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Experiments that train, export and evaluate models.",
    subcommands = {ExperimentCommand.SsftVsSft.class})
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
}
