package io.github.ssft4j.cli;

import io.github.ssft4j.research.bench.DecodeStepBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ssft bench decode}: the time of one decode step at batch 1 and batch k as the past grows. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {"Time of one decode step (one new token per row, no sampling) at batch 1 and batch k, for each "
        + "past length and intra-op thread count.",
        "Last line: key=value pairs step_ms_b<batch>_p<past>_t<threads>=<median ms>."})
final class BenchDecodeCommand implements Callable<Integer> {
  @Mixin BenchModelMixin bench;
  @Mixin ExportVariantMixin variant;

  @Option(names = "-k", defaultValue = "6", description = "The larger batch. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--past", split = ",", defaultValue = "128,1024,4096",
      description = "Past lengths. Default: ${DEFAULT-VALUE}.")
  List<Integer> pasts;

  @Option(names = "--threads", split = ",", defaultValue = "1,0",
      description = "Intra-op thread counts to compare (0: all available cores). Default: ${DEFAULT-VALUE}.")
  List<Integer> threads;

  @Option(names = "--steps", defaultValue = "5", description = "Measured steps each. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured steps each. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--against", split = ",", paramLabel = "DIR",
      description = "Other model folders to time against the model, all loaded at once, in interleaved rounds "
          + "(batch k only, at the last --threads value); prints each one's speedup as the median of per-round "
          + "ratios.")
  List<Path> against = List.of();

  @Option(names = "--rounds", defaultValue = "1",
      description = "Rounds: each goes through the pasts (and with --against, the models) once, so ratios are "
          + "medians of per-round ratios. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Override
  public Integer call() {
    if (!against.isEmpty()) {
      List<Path> models = new ArrayList<>();
      models.add(bench.resolve(variant.options(), variant.name()));
      models.addAll(against);
      DecodeStepBench.compare(new DecodeStepBench.CompareSettings(models, k, pasts, threads.get(threads.size() - 1),
          rounds, warmup, steps), System.out);
      return 0;
    }
    DecodeStepBench.run(new DecodeStepBench.Settings(bench.resolve(variant.options(), variant.name()), k, pasts,
        threads, warmup, steps, rounds), System.out);
    return 0;
  }
}
