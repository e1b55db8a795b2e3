package io.github.ssft4j.research.bench;

import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.DecodeBench;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark behind {@code ssft bench decode}: the time of one decode step (one new token per row, no sampling) at
 * batch 1 and batch k, for each past length and intra-op thread count.
 */
public final class DecodeStepBench {
  private DecodeStepBench() {}

  /**
   * @param model a model folder
   * @param k the larger batch
   * @param pasts past lengths
   * @param threads intra-op thread counts, 0 for all available cores
   * @param warmup unmeasured steps each
   * @param steps measured steps each
   */
  public record Settings(Path model, int k, List<Integer> pasts, List<Integer> threads, int warmup, int steps) {}

  /**
   * Prints one line per measurement and a last line of {@code step_ms_b<batch>_p<past>_t<threads>=<median ms>}.
   */
  public static void run(Settings s, PrintStream out) {
    List<String> keys = new ArrayList<>();
    for (int t : s.threads()) {
      int resolved = t == 0 ? Runtime.getRuntime().availableProcessors() : t;
      try (OnnxModel m = new OnnxRuntimeBackend().open(s.model(), RuntimeOptions.DEFAULT.withThreads(resolved, 0))) {
        for (int past : s.pasts()) {
          for (int batch : s.k() == 1 ? List.of(1) : List.of(1, s.k())) {
            DecodeBench.StepTime st = DecodeBench.measure(m, batch, past, s.warmup(), s.steps());
            out.printf(Locale.ROOT, "threads %d batch %d past %5d: step %.1f ms (min %.1f), %.1f tokens/s%n",
                resolved, batch, past, st.medianNanos() / 1e6, st.minNanos() / 1e6, batch * 1e9 / st.medianNanos());
            keys.add(String.format(Locale.ROOT, "step_ms_b%d_p%d_t%d=%.2f", batch, past, resolved,
                st.medianNanos() / 1e6));
          }
        }
      }
    }
    out.println(String.join(" ", keys));
  }
}
