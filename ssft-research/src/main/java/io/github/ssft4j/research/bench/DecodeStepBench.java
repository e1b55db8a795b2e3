package io.github.ssft4j.research.bench;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.DecodeBench;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
   * @param rounds times the pasts are gone through, in order, per thread count and batch (more than one: the
   *     growth from the first past to each other is the median of per-round ratios, which a drifting machine
   *     affects less than ratios of separate runs)
   */
  public record Settings(Path model, int k, List<Integer> pasts, List<Integer> threads, int warmup, int steps,
      int rounds) {
    public Settings {
      pasts = List.copyOf(pasts);
      threads = List.copyOf(threads);
      if (pasts.isEmpty() || threads.isEmpty() || rounds < 1 || steps < 1 || warmup < 0) {
        throw new InvalidArgumentException("decode bench needs pasts, thread counts, rounds >= 1, steps >= 1 and "
            + "warmup >= 0; got pasts " + pasts + ", threads " + threads + ", rounds " + rounds + ", steps " + steps
            + ", warmup " + warmup);
      }
    }
  }

  /**
   * Prints one line per measurement and a last line of {@code step_ms_b<batch>_p<past>_t<threads>=<median ms>}
   * (the median over rounds of each measurement's median step) and, with several rounds, of
   * {@code growth_b<batch>_p<past>_t<threads>=<median ratio>} to the first past.
   */
  public static void run(Settings s, PrintStream out) {
    List<String> keys = new ArrayList<>();
    int n = s.pasts().size();
    for (int t : s.threads()) {
      int resolved = t == 0 ? Runtime.getRuntime().availableProcessors() : t;
      try (OnnxModel m = new OnnxRuntimeBackend().open(s.model(), RuntimeOptions.DEFAULT.withThreads(resolved, 0))) {
        for (int batch : s.k() == 1 ? List.of(1) : List.of(1, s.k())) {
          double[][] ms = new double[n][s.rounds()];
          for (int r = 0; r < s.rounds(); r++) {
            for (int p = 0; p < n; p++) {
              int past = s.pasts().get(p);
              DecodeBench.StepTime st = DecodeBench.measure(m, batch, past, s.warmup(), s.steps());
              ms[p][r] = st.medianNanos() / 1e6;
              out.printf(Locale.ROOT, "%sthreads %d batch %d past %5d: step %.1f ms (min %.1f), %.1f tokens/s%n",
                  s.rounds() > 1 ? "round " + (r + 1) + " " : "", resolved, batch, past, ms[p][r],
                  st.minNanos() / 1e6, batch * 1e9 / st.medianNanos());
            }
          }
          for (int p = 0; p < n; p++) {
            String key = String.format(Locale.ROOT, "b%d_p%d_t%d", batch, s.pasts().get(p), resolved);
            keys.add(String.format(Locale.ROOT, "step_ms_%s=%.2f", key, median(ms[p])));
            if (s.rounds() > 1 && p > 0) {
              double[] growth = new double[s.rounds()];
              for (int r = 0; r < s.rounds(); r++) {
                growth[r] = ms[p][r] / ms[0][r];
              }
              out.printf(Locale.ROOT, "threads %d batch %d: past %d step / past %d step = %.3f (median of %d "
                  + "rounds)%n", resolved, batch, s.pasts().get(p), s.pasts().get(0), median(growth), s.rounds());
              keys.add(String.format(Locale.ROOT, "growth_%s=%.3f", key, median(growth)));
            }
          }
        }
      }
    }
    out.println(String.join(" ", keys));
  }

  /**
   * What {@link #compare} runs: the batch-k step of each model against the first, in interleaved rounds.
   *
   * @param models model folders; the first is the baseline
   * @param k the batch
   * @param pasts past lengths
   * @param threads intra-op threads, 0 for all available cores
   * @param rounds rounds; each times every model once per past length, in order
   * @param warmup unmeasured steps per measurement
   * @param steps measured steps per measurement
   */
  public record CompareSettings(List<Path> models, int k, List<Integer> pasts, int threads, int rounds, int warmup,
      int steps) {
    public CompareSettings {
      models = List.copyOf(models);
      pasts = List.copyOf(pasts);
      if (models.size() < 2 || pasts.isEmpty() || rounds < 1 || steps < 1 || warmup < 0) {
        throw new InvalidArgumentException("compare needs two models or more, pasts, rounds >= 1, steps >= 1 and "
            + "warmup >= 0; got " + models.size() + " models, pasts " + pasts + ", rounds " + rounds + ", steps "
            + steps + ", warmup " + warmup);
      }
    }
  }

  /**
   * Times the batch-k decode step of several models, all loaded at once, in interleaved rounds, so that a machine
   * whose speed drifts affects them alike: a model's ratio is the median of its per-round ratios to the first model's
   * step in the same round. Prints each round, then a summary line per model and past, and a last line of
   * {@code step_ms_m<i>_b<k>_p<past>_t<threads>=<median ms>} and {@code speedup_m<i>_...=<median ratio>} pairs.
   */
  public static void compare(CompareSettings s, PrintStream out) {
    int threads = s.threads() == 0 ? Runtime.getRuntime().availableProcessors() : s.threads();
    int n = s.models().size();
    List<OnnxModel> open = new ArrayList<>();
    try {
      for (Path model : s.models()) {
        open.add(new OnnxRuntimeBackend().open(model, RuntimeOptions.DEFAULT.withThreads(threads, 0)));
      }
      List<String> keys = new ArrayList<>();
      for (int past : s.pasts()) {
        double[][] ms = new double[n][s.rounds()];
        for (int r = 0; r < s.rounds(); r++) {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d past %d batch %d:", r + 1,
              past, s.k()));
          for (int i = 0; i < n; i++) {
            ms[i][r] = DecodeBench.measure(open.get(i), s.k(), past, s.warmup(), s.steps()).medianNanos() / 1e6;
            line.append(String.format(Locale.ROOT, " m%d %.1f ms", i, ms[i][r]));
            if (i > 0) {
              line.append(String.format(Locale.ROOT, " (%.2fx)", ms[0][r] / ms[i][r]));
            }
          }
          out.println(line);
        }
        for (int i = 0; i < n; i++) {
          String key = String.format(Locale.ROOT, "m%d_b%d_p%d_t%d", i, s.k(), past, threads);
          double step = median(ms[i]);
          keys.add(String.format(Locale.ROOT, "step_ms_%s=%.2f", key, step));
          if (i == 0) {
            out.printf(Locale.ROOT, "m0 %s: median step %.1f ms%n", s.models().get(0), step);
            continue;
          }
          double[] ratios = new double[s.rounds()];
          for (int r = 0; r < s.rounds(); r++) {
            ratios[r] = ms[0][r] / ms[i][r];
          }
          double[] sorted = ratios.clone();
          Arrays.sort(sorted);
          out.printf(Locale.ROOT, "m%d %s: median step %.1f ms, %.2fx m0's step (rounds %.2f-%.2f)%n", i,
              s.models().get(i), step, median(ratios), sorted[0], sorted[sorted.length - 1]);
          keys.add(String.format(Locale.ROOT, "speedup_%s=%.3f", key, median(ratios)));
        }
      }
      out.println(String.join(" ", keys));
    } finally {
      for (OnnxModel m : open) {
        m.close();
      }
    }
  }

  /** The median (the mean of the middle two for an even count); {@code values} is left as it is. */
  public static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
