package io.github.ssft4j.cli;

import io.github.ssft4j.research.bench.SoakBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft bench soak}: mixed calls with cancellations and timeouts on threads sharing one reasoner. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {"Threads sharing one reasoner run mixed consensus / generate / verify calls, with cancellations "
        + "and timeouts, for a while; prints resident memory over time, errors and latency percentiles.",
        "Last line: errors=<n> calls=<n> p50_ms=<x> p99_ms=<y> rss_growth_after_warmup=<fraction>",
        "Exit code 1 when any call failed unexpectedly."})
final class BenchSoakCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model folder (HF files + model.onnx).")
  Path model;

  @Option(names = "--threads", defaultValue = "4", description = "Concurrent callers. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--minutes", defaultValue = "10", description = "Duration. Default: ${DEFAULT-VALUE}.")
  double minutes;

  @Option(names = "-k", defaultValue = "3", description = "Branches per consensus. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "0", description = "Seeds the call mix. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--sample-seconds", defaultValue = "10",
      description = "Seconds between memory samples. Default: ${DEFAULT-VALUE}.")
  int sampleSeconds;

  @Option(names = "--warmup-minutes", defaultValue = "2",
      description = "Start of the run left out of the memory growth. Default: ${DEFAULT-VALUE}.")
  double warmupMinutes;

  @Option(names = "--json", description = "Also write the figures to this JSON file.")
  Path json;

  @Override
  public Integer call() throws InterruptedException {
    if (threads < 1 || minutes <= 0 || k < 1 || maxNewTokens < 1 || sampleSeconds < 1 || warmupMinutes < 0) {
      throw new io.github.ssft4j.InvalidArgumentException("--threads, -k, --max-new-tokens and --sample-seconds "
          + "must be >= 1, --minutes > 0 and --warmup-minutes >= 0");
    }
    long errors = SoakBench.run(new SoakBench.Settings(model, threads, minutes, k, maxNewTokens, seed, sampleSeconds,
        Math.min(warmupMinutes, minutes / 2), json), System.out);
    return errors == 0 ? 0 : 1;
  }
}
