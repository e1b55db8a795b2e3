package io.github.ssft4j.research.bench;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.Generation;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.runtime.internal.RunControls;
import io.github.ssft4j.runtime.internal.RunStats;
import io.github.ssft4j.spi.ForkRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The consensus benchmark behind {@code ssft bench consensus}: one consensus@k call against k sequential
 * single-branch generations of the same lengths, in wall time and in summed {@code session.run} time. It reads the
 * runtime's internal timings, which is why it lives in the research harness and not in the CLI.
 */
public final class ConsensusBench {
  /** Batch-shrinking policies timed beside the chosen one: never, and as soon as one row finishes. */
  private static final double[] ALTERNATIVES = {0, 0.01};

  private ConsensusBench() {}

  /**
   * @param model a model folder
   * @param k branches
   * @param question the question
   * @param repeats measured rounds
   * @param warmup unmeasured rounds
   * @param temperature sampling temperature, 0 for greedy
   * @param seed seed of round 0 (round r uses seed + r)
   * @param maxNewTokens most tokens per branch
   * @param intraThreads ONNX Runtime intra-op threads
   * @param shrinkShare the batch-shrinking share timed as the main policy
   * @param comparePolicies also time the other batch-shrinking policies each round (off for long real-size runs)
   */
  public record Settings(Path model, int k, String question, int repeats, int warmup, double temperature, long seed,
      int maxNewTokens, int intraThreads, double shrinkShare, boolean comparePolicies) {}

  /**
   * Runs the rounds and prints one line per round, the totals, and a last line
   * {@code speedup_vs_sequential=.. ort_ceiling=.. overhead_outside_ort=.. prefill_tokens=.. prompt_tokens=..}.
   *
   * @param s settings
   * @param out where the lines go
   */
  public static void run(Settings s, PrintStream out) {
    RunControls controls = RunControls.DEFAULT.withShrinkShare(s.shrinkShare()).withMeasureCpu(true);
    GenerationOptions base = GenerationOptions.DEFAULT.withTemperature(s.temperature()).withMaxNewTokens(s.maxNewTokens());
    try (OnnxModel m = new OnnxRuntimeBackend().open(s.model(), RuntimeOptions.DEFAULT.withThreads(s.intraThreads(), 0))) {
      Prompt prompt = Prompt.question(ParallelReasoner.DEFAULT_SYSTEM_PROMPT, s.question());
      List<Integer> tags = TagSchedule.SEQUENTIAL.assign(s.k(), m.forkingTokens().count(), s.seed());
      long consWall = 0;
      long consRun = 0;
      long seqWall = 0;
      long seqRun = 0;
      long consCpu = 0;
      long consRunCpu = 0;
      long[] altWall = new long[ALTERNATIVES.length];
      long[] altRun = new long[ALTERNATIVES.length];
      long sampling = 0;
      long stopChecks = 0;
      long tensorWork = 0;
      long copied = 0;
      long steps = 0;
      long consTokens = 0;
      int prefill = 0;
      int promptTokens = 0;
      for (int r = 0; r < s.warmup() + s.repeats(); r++) {
        GenerationOptions options = base.withSeed(s.seed() + r);
        long t0 = System.nanoTime();
        Generation c = m.run(new ForkRequest(prompt, tags, options), controls);
        long cWall = System.nanoTime() - t0;
        long sWall = 0;
        long sRun = 0;
        int[] lengths = new int[s.k()];
        for (int b = 0; b < s.k(); b++) {
          lengths[b] = c.traces().get(b).tokenIds().size();
          GenerationOptions same = options.withMaxNewTokens(lengths[b]).withIgnoreEos(true);
          long t1 = System.nanoTime();
          Generation single = m.run(new ForkRequest(prompt, List.of(tags.get(b)), same), controls);
          sWall += System.nanoTime() - t1;
          sRun += single.stats().sessionRunNanos();
          Trace t = single.traces().get(0);
          if (t.tokenIds().size() != lengths[b]) {
            throw new IllegalStateException("sequential branch " + b + " made " + t.tokenIds().size()
                + " tokens, expected " + lengths[b]);
          }
        }
        // The other batch policies on the same request, interleaved so that machine load hits all alike.
        long[] aWall = new long[ALTERNATIVES.length];
        long[] aRun = new long[ALTERNATIVES.length];
        for (int a = 0; s.comparePolicies() && a < ALTERNATIVES.length; a++) {
          long t2 = System.nanoTime();
          Generation alt = m.run(new ForkRequest(prompt, tags, options), controls.withShrinkShare(ALTERNATIVES[a]));
          aWall[a] = System.nanoTime() - t2;
          aRun[a] = alt.stats().sessionRunNanos();
        }
        boolean measured = r >= s.warmup();
        out.printf(Locale.ROOT, "%s round %d: consensus %.2f ms (ort %.2f ms, %d runs, %d gathers), "
            + "sequential %.2f ms (ort %.2f ms), lengths %s%n", measured ? "measured" : "warmup", r, cWall / 1e6,
            c.stats().sessionRunNanos() / 1e6, c.stats().sessionRuns(), c.stats().cacheGathers(), sWall / 1e6,
            sRun / 1e6, java.util.Arrays.toString(lengths));
        if (measured) {
          for (int a = 0; a < ALTERNATIVES.length; a++) {
            altWall[a] += aWall[a];
            altRun[a] += aRun[a];
          }
          RunStats.JavaPhases j = c.stats().java();
          sampling += j.samplingNanos();
          stopChecks += j.stopCheckNanos();
          tensorWork += j.tensorNanos();
          copied += j.bytesCopied();
          steps += j.decodeSteps();
          consTokens += java.util.Arrays.stream(lengths).sum();
          consWall += cWall;
          consRun += c.stats().sessionRunNanos();
          consCpu += c.stats().threadCpuNanos();
          consRunCpu += c.stats().sessionRunCpuNanos();
          seqWall += sWall;
          seqRun += sRun;
        }
        prefill = c.stats().prefillTokens();
        promptTokens = c.stats().promptTokens();
      }
      out.printf(Locale.ROOT, "totals over %d rounds: consensus %.1f ms (ort %.1f ms), sequential %.1f ms "
          + "(ort %.1f ms), s.k()=%d, provider=%s%n", s.repeats(), consWall / 1e6, consRun / 1e6, seqWall / 1e6,
          seqRun / 1e6, s.k(), m.provider());
      // Wall time also counts time the thread waited for a core; thread CPU time does not.
      out.printf(Locale.ROOT, "consensus thread CPU: %.1f ms, %.1f ms inside session.run: "
          + "cpu_overhead_outside_ort=%.4f%n", consCpu / 1e6, consRunCpu / 1e6,
          (double) (consCpu - consRunCpu) / consCpu);
      StringBuilder policies = new StringBuilder();
      for (int a = 0; a < ALTERNATIVES.length; a++) {
        policies.append(String.format(Locale.ROOT, ", share %s %.1f ms (ort %.1f ms)", ALTERNATIVES[a],
            altWall[a] / 1e6, altRun[a] / 1e6));
      }
      out.printf(Locale.ROOT, "batch shrinking: share %s %.1f ms (ort %.1f ms)%s%n", s.shrinkShare(),
          consWall / 1e6, consRun / 1e6, policies);
      long javaLoop = sampling + stopChecks + tensorWork;
      out.printf(Locale.ROOT, "consensus java per decode step (%d steps): sampling %.3f ms, stop checks %.3f ms, "
          + "tensor handling %.3f ms, %.0f bytes copied; %.2f generated tokens/s%n", steps, sampling / 1e6 / steps,
          stopChecks / 1e6 / steps, tensorWork / 1e6 / steps, (double) copied / steps, consTokens * 1e9 / consWall);
      out.printf(Locale.ROOT,
          "speedup_vs_sequential=%.3f ort_ceiling=%.3f overhead_outside_ort=%.4f prefill_tokens=%d prompt_tokens=%d "
              + "java_loop_share=%.4f%n",
          (double) seqWall / consWall, (double) seqRun / consRun, (double) (consWall - consRun) / consWall, prefill,
          promptTokens, (double) javaLoop / consWall);
    }
  }
}
