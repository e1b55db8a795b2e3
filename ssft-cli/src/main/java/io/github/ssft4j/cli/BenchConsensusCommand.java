package io.github.ssft4j.cli;

import io.github.ssft4j.research.bench.ConsensusBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ssft bench consensus}: one consensus@k call against k sequential single-branch generations of the same
 * lengths, in wall time and in summed {@code session.run} time.
 */
@Command(
    name = "consensus",
    mixinStandardHelpOptions = true,
    description = {"Consensus@k (prefill once, fork the KV cache, batched decode) vs k sequential single-branch "
        + "generations of the same lengths.",
        "Last line: speedup_vs_sequential=<x> ort_ceiling=<y> overhead_outside_ort=<fraction> prefill_tokens=<n> "
            + "prompt_tokens=<m> java_loop_share=<fraction>"})
final class BenchConsensusCommand implements Callable<Integer> {

  @Mixin BenchModelMixin bench;
  @Mixin ExportVariantMixin variant;

  @Option(names = "-k", defaultValue = "6", description = "Branches. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--question", defaultValue = "What is 37+48?", description = "Default: ${DEFAULT-VALUE}.")
  String question;

  @Option(names = "--repeats", defaultValue = "20", description = "Measured rounds. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--warmup", defaultValue = "10",
      description = "Unmeasured rounds, so the JIT reaches steady state. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--temperature", defaultValue = "0.7", description = "0 for greedy. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of round 0 (round r uses seed + r).")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(names = "--intra-threads", defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0: all available cores). Default: ${DEFAULT-VALUE}.")
  int intraThreads;

  @Option(names = "--shrink-share", defaultValue = "0.5",
      description = "Drop finished rows once this share of the batch has finished (0: never). "
          + "Default: ${DEFAULT-VALUE}.")
  double shrinkShare;

  @Option(names = "--compare-shrink", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also time never shrinking and shrinking at the first finished row, each round "
          + "(--no-compare-shrink for long runs). Default: ${DEFAULT-VALUE}.")
  boolean compareShrink;

  @Override
  public Integer call() {
    Path model = bench.resolve(variant.options(), variant.name());
    ConsensusBench.run(new ConsensusBench.Settings(model, k, question, repeats, warmup, temperature, seed,
        maxNewTokens, intraThreads, shrinkShare, compareShrink), System.out);
    return 0;
  }
}
