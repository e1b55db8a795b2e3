package io.github.ssft4j.cli;

import io.github.ssft4j.research.bench.VerifierFuzzBench;
import io.github.ssft4j.voting.AnswerVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
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
            + "fuzz_inputs_per_s=.. fuzz_slowest_repeat_cpu_ms=.. (the CPU-slowest calls timed again alone)"})
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

    VerifierFuzzBench.Result f = VerifierFuzzBench.run(inputs, seed, out);
    out.printf(Locale.ROOT, "cases_per_s=%.0f cases_slowest_ms=%.3f fuzz_inputs=%d fuzz_errors=%d fuzz_p50_ms=%.3f "
        + "fuzz_p99_ms=%.3f fuzz_p999_ms=%.3f fuzz_slowest_ms=%.2f fuzz_slowest_cpu_ms=%.2f fuzz_mean_cpu_ms=%.3f "
        + "fuzz_inputs_per_s=%.0f fuzz_slowest_repeat_cpu_ms=%.2f%n", casesPerSecond, slowest / 1e6, f.inputs(),
        f.errors(), f.p50Ms(), f.p99Ms(), f.p999Ms(), f.slowestMs(), f.slowestCpuMs(), f.meanCpuMs(),
        f.inputsPerSecond(), f.slowestRepeatCpuMs());
    out.flush();
    return 0;
  }
}
