package io.github.ssft4j.cli;

import io.github.ssft4j.DemoModel;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.research.eval.SubtractionEvaluation;
import io.github.ssft4j.research.report.InputNames;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft eval subtraction}: the demo model card's numbers (Pass@1, Cons@k, per-tag purity and strategy). */
@Command(
    name = "subtraction",
    mixinStandardHelpOptions = true,
    description = "Answers the held-out questions of the subtraction task (from 'ssft data subtraction') with one "
        + "branch per tag and reports Pass@1 (<think1>), Cons@k (majority vote) and each tag's accuracy, mode "
        + "purity and dominant strategy, with 95%% bootstrap intervals (2000 resamples).")
final class EvalSubtractionCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Exported model folder. Default: the demo model.")
  Path model;

  @Option(names = "--data", required = true, description = "Held-out JSONL (test.jsonl).")
  Path data;

  @Option(names = "-k", defaultValue = "6", description = "Branches, one per tag 1..k. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "Per branch. Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "7",
      description = "Sampling seed (question i uses seed + i) and bootstrap seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Also write the metrics here.")
  Path json;

  @Override
  public Integer call() {
    Path dir = model != null ? model : DemoModel.folder();
    GenerationOptions gen = GenerationOptions.DEFAULT.withTemperature(temperature).withMaxNewTokens(maxNewTokens)
        .withSeed(seed);
    SubtractionEvaluation.run(new SubtractionEvaluation.Settings(dir,
        model != null ? InputNames.portable(dir) : DemoModel.ARTIFACT, data, k, gen, json), System.out, System.err);
    return 0;
  }
}
