package io.github.ssft4j.cli;

import io.github.ssft4j.voting.internal.AdversarialInputs;
import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.MatchType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ssft bench verify}: single-thread verifier throughput on the dev cases, then the per-call latency over
 * seeded random and adversarial inputs (deep nesting, 100k-character lines, unbalanced LaTeX, huge exponents).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {"Verifier throughput on a cases file and latency over adversarial inputs (one thread).",
        "Last line: cases_per_s=<x> cases_slowest_ms=<y> fuzz_inputs=<n> fuzz_errors=<e> fuzz_p50_ms=.. "
            + "fuzz_p99_ms=.. fuzz_p999_ms=.. fuzz_slowest_ms=.. fuzz_slowest_cpu_ms=.. fuzz_mean_cpu_ms=.. "
            + "fuzz_inputs_per_s=.."})
final class BenchVerifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--cases", defaultValue = "testdata/answer-cases/dev_cases.json",
      description = "Cases file. Default: ${DEFAULT-VALUE}.")
  Path cases;

  @Option(names = "--repeats", defaultValue = "20", description = "Passes over the cases. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--inputs", defaultValue = "1000000",
      description = "Adversarial inputs to verify (0 skips). Default: ${DEFAULT-VALUE}.")
  int inputs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the adversarial inputs. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<VerifyCases.Case> all = VerifyCases.read(cases);
    for (int w = 0; w < 3; w++) {
      for (VerifyCases.Case c : all) {
        AnswerVerifier.verify(c.gold(), c.pred(), c.options());
      }
    }
    long slowest = 0;
    String slowestId = "";
    long t0 = System.nanoTime();
    for (int r = 0; r < repeats; r++) {
      for (VerifyCases.Case c : all) {
        long s = System.nanoTime();
        AnswerVerifier.verify(c.gold(), c.pred(), c.options());
        long dt = System.nanoTime() - s;
        if (dt > slowest) {
          slowest = dt;
          slowestId = c.id();
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double casesPerSecond = all.size() * (double) repeats / seconds;
    out.printf(Locale.ROOT, "cases: %d x %d in %.2f s: %.0f cases/s, slowest %.3f ms (%s)%n", all.size(), repeats,
        seconds, casesPerSecond, slowest / 1e6, slowestId);
    out.flush();

    AdversarialInputs gen = new AdversarialInputs(seed);
    AnswerVerifier.Options options = new AnswerVerifier.Options(6, true, true,
        EnumSet.of(MatchType.LATEX, MatchType.EXPR));
    long[] nanos = new long[Math.max(0, inputs)];
    // CPU time too: on a shared machine wall time includes waiting for a core.
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuMax = 0;
    long cpuTotal = 0;
    int errors = 0;
    String previous = "$1$";
    String slowestInput = "";
    long fuzzMax = -1;
    long f0 = System.nanoTime();
    for (int i = 0; i < inputs; i++) {
      String text = gen.next();
      long s = System.nanoTime();
      long c0 = threads.getCurrentThreadCpuTime();
      try {
        AnswerVerifier.verify(previous, text, options);
      } catch (RuntimeException | StackOverflowError e) {
        errors++;
      }
      nanos[i] = System.nanoTime() - s;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      cpuTotal += cpu;
      cpuMax = Math.max(cpuMax, cpu);
      if (nanos[i] > fuzzMax) {
        fuzzMax = nanos[i];
        slowestInput = text.length() > 60 ? text.substring(0, 60).replace("\n", " ") + "... (" + text.length()
            + " chars)" : text.replace("\n", " ");
      }
      previous = text;
      if ((i + 1) % 100_000 == 0) {
        out.printf(Locale.ROOT, "fuzz: %d inputs, %.1f s%n", i + 1, (System.nanoTime() - f0) / 1e9);
        out.flush();
      }
    }
    double fuzzSeconds = (System.nanoTime() - f0) / 1e9;
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double p50 = pct(sorted, 0.5);
    double p99 = pct(sorted, 0.99);
    double p999 = pct(sorted, 0.999);
    double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    if (inputs > 0) {
      out.printf(Locale.ROOT, "fuzz: %d inputs in %.1f s, slowest %.2f ms on %s%n", inputs, fuzzSeconds, max,
          slowestInput);
    }
    out.printf(Locale.ROOT, "cases_per_s=%.0f cases_slowest_ms=%.3f fuzz_inputs=%d fuzz_errors=%d fuzz_p50_ms=%.3f "
        + "fuzz_p99_ms=%.3f fuzz_p999_ms=%.3f fuzz_slowest_ms=%.2f fuzz_slowest_cpu_ms=%.2f fuzz_mean_cpu_ms=%.3f "
        + "fuzz_inputs_per_s=%.0f%n", casesPerSecond, slowest / 1e6, inputs, errors, p50, p99, p999, max,
        cpuMax / 1e6, inputs == 0 ? 0 : cpuTotal / 1e6 / inputs, inputs == 0 ? 0 : inputs / fuzzSeconds);
    out.flush();
    return 0;
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }
}
