package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.DecodeBench;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  @Override
  public Integer call() {
    Path dir = bench.resolve(variant.options(), variant.name());
    List<String> keys = new ArrayList<>();
    for (int t : threads) {
      int resolved = t == 0 ? Runtime.getRuntime().availableProcessors() : t;
      try (OnnxModel m = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT.withThreads(resolved, 0))) {
        for (int past : pasts) {
          for (int batch : k == 1 ? List.of(1) : List.of(1, k)) {
            DecodeBench.StepTime s = DecodeBench.measure(m, batch, past, warmup, steps);
            System.out.printf(Locale.ROOT, "threads %d batch %d past %5d: step %.1f ms (min %.1f), %.1f tokens/s%n",
                resolved, batch, past, s.medianNanos() / 1e6, s.minNanos() / 1e6, batch * 1e9 / s.medianNanos());
            keys.add(String.format(Locale.ROOT, "step_ms_b%d_p%d_t%d=%.2f", batch, past, resolved,
                s.medianNanos() / 1e6));
          }
        }
      }
    }
    System.out.println(String.join(" ", keys));
    return 0;
  }
}
