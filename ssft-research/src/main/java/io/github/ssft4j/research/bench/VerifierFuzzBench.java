package io.github.ssft4j.research.bench;

import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.MatchType;
import io.github.ssft4j.voting.internal.AdversarialInputs;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The verifier's latency over seeded random and adversarial inputs (deep nesting, 100k-character lines, unbalanced
 * LaTeX, huge exponents), behind {@code ssft bench verify}. It draws its inputs from the verifier's internal
 * generator, which is why it lives in the research harness.
 */
public final class VerifierFuzzBench {
  private VerifierFuzzBench() {}

  /**
   * @param inputs inputs verified
   * @param errors calls that threw
   * @param p50Ms median wall time of a call
   * @param p99Ms 99th percentile
   * @param p999Ms 99.9th percentile
   * @param slowestMs slowest call, wall time
   * @param slowestCpuMs slowest call, thread CPU time
   * @param meanCpuMs mean thread CPU time of a call
   * @param inputsPerSecond throughput
   * @param slowestRepeatCpuMs the slowest of the {@value #RETIMED} CPU-slowest calls when each is timed again alone
   *     (median of {@value #RETIMES}): what an input costs, without a one-off such as the first, interpreted run
   *     of a code path
   */
  public record Result(int inputs, int errors, double p50Ms, double p99Ms, double p999Ms, double slowestMs,
      double slowestCpuMs, double meanCpuMs, double inputsPerSecond, double slowestRepeatCpuMs) {}

  /** How many of the CPU-slowest calls are timed again. */
  public static final int RETIMED = 20;
  /** How many times each is timed again. */
  public static final int RETIMES = 5;

  /** A call kept for timing again. */
  private record Call(long cpuNanos, int index, String gold, String pred) {}

  /**
   * @param inputs how many inputs to verify (0 skips)
   * @param seed seed of the inputs
   * @param out where progress lines go
   * @return the figures
   */
  public static Result run(int inputs, long seed, PrintWriter out) {
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
    java.util.PriorityQueue<Call> slowest = new java.util.PriorityQueue<>(
        java.util.Comparator.comparingLong(Call::cpuNanos));
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
      if (slowest.size() < RETIMED || cpu > slowest.peek().cpuNanos()) {
        slowest.add(new Call(cpu, i, previous, text));
        if (slowest.size() > RETIMED) {
          slowest.poll();
        }
      }
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
    double repeatMax = 0;
    for (Call c : slowest) {
      long[] again = new long[RETIMES];
      for (int r = 0; r < RETIMES; r++) {
        long c0 = threads.getCurrentThreadCpuTime();
        try {
          AnswerVerifier.verify(c.gold(), c.pred(), options);
        } catch (RuntimeException | StackOverflowError e) {
          // Counted in the run above.
        }
        again[r] = threads.getCurrentThreadCpuTime() - c0;
      }
      Arrays.sort(again);
      double median = again[RETIMES / 2] / 1e6;
      repeatMax = Math.max(repeatMax, median);
      out.printf(Locale.ROOT, "fuzz: input %d took %.2f ms CPU, alone again %.2f ms (median of %d); gold %s, pred %s%n",
          c.index(), c.cpuNanos() / 1e6, median, RETIMES, describe(c.gold()), describe(c.pred()));
    }
    out.flush();
    return new Result(inputs, errors, p50, p99, p999, max, cpuMax / 1e6, inputs == 0 ? 0 : cpuTotal / 1e6 / inputs,
        inputs == 0 ? 0 : inputs / fuzzSeconds, repeatMax);
  }

  private static String describe(String text) {
    String head = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "\"" + head.replace("\n", "\\n") + "\" (" + text.length() + " chars)";
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }
}
