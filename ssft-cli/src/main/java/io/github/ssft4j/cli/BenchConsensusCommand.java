package io.github.ssft4j.cli;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.Generation;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.runtime.internal.RunControls;
import io.github.ssft4j.runtime.internal.RunStats;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.Prompt;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

  /** Batch-shrinking policies timed beside the chosen one: never, and as soon as one row finishes. */
  private static final double[] ALTERNATIVES = {0, 0.01};

  @Override
  public Integer call() {
    RunControls controls = RunControls.DEFAULT.withShrinkShare(shrinkShare).withMeasureCpu(true);
    GenerationOptions base = GenerationOptions.DEFAULT.withTemperature(temperature).withMaxNewTokens(maxNewTokens);
    Path model = bench.resolve(variant.options(), variant.name());
    try (OnnxModel m = new OnnxRuntimeBackend().open(model, RuntimeOptions.DEFAULT.withThreads(intraThreads, 0))) {
      Prompt prompt = Prompt.question(ParallelReasoner.DEFAULT_SYSTEM_PROMPT, question);
      List<Integer> tags = TagSchedule.SEQUENTIAL.assign(k, m.forkingTokens().count(), seed);
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
      for (int r = 0; r < warmup + repeats; r++) {
        GenerationOptions options = base.withSeed(seed + r);
        long t0 = System.nanoTime();
        Generation c = m.run(new ForkRequest(prompt, tags, options), controls);
        long cWall = System.nanoTime() - t0;
        long sWall = 0;
        long sRun = 0;
        int[] lengths = new int[k];
        for (int b = 0; b < k; b++) {
          lengths[b] = c.traces().get(b).tokenIds().size();
          GenerationOptions same = options.withMaxNewTokens(lengths[b]);
          long t1 = System.nanoTime();
          Generation s = m.run(new ForkRequest(prompt, List.of(tags.get(b)), same), controls.withIgnoreEos(true));
          sWall += System.nanoTime() - t1;
          sRun += s.stats().sessionRunNanos();
          Trace t = s.traces().get(0);
          if (t.tokenIds().size() != lengths[b]) {
            throw new IllegalStateException("sequential branch " + b + " made " + t.tokenIds().size()
                + " tokens, expected " + lengths[b]);
          }
        }
        // The other batch policies on the same request, interleaved so that machine load hits all alike.
        long[] aWall = new long[ALTERNATIVES.length];
        long[] aRun = new long[ALTERNATIVES.length];
        for (int a = 0; a < ALTERNATIVES.length; a++) {
          long t2 = System.nanoTime();
          Generation alt = m.run(new ForkRequest(prompt, tags, options), controls.withShrinkShare(ALTERNATIVES[a]));
          aWall[a] = System.nanoTime() - t2;
          aRun[a] = alt.stats().sessionRunNanos();
        }
        boolean measured = r >= warmup;
        System.out.printf(Locale.ROOT, "%s round %d: consensus %.2f ms (ort %.2f ms, %d runs, %d gathers), "
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
      System.out.printf(Locale.ROOT, "totals over %d rounds: consensus %.1f ms (ort %.1f ms), sequential %.1f ms "
          + "(ort %.1f ms), k=%d, provider=%s%n", repeats, consWall / 1e6, consRun / 1e6, seqWall / 1e6,
          seqRun / 1e6, k, m.provider());
      // Wall time also counts time the thread waited for a core; thread CPU time does not.
      System.out.printf(Locale.ROOT, "consensus thread CPU: %.1f ms, %.1f ms inside session.run: "
          + "cpu_overhead_outside_ort=%.4f%n", consCpu / 1e6, consRunCpu / 1e6,
          (double) (consCpu - consRunCpu) / consCpu);
      StringBuilder policies = new StringBuilder();
      for (int a = 0; a < ALTERNATIVES.length; a++) {
        policies.append(String.format(Locale.ROOT, ", share %s %.1f ms (ort %.1f ms)", ALTERNATIVES[a],
            altWall[a] / 1e6, altRun[a] / 1e6));
      }
      System.out.printf(Locale.ROOT, "batch shrinking: share %s %.1f ms (ort %.1f ms)%s%n", shrinkShare,
          consWall / 1e6, consRun / 1e6, policies);
      long javaLoop = sampling + stopChecks + tensorWork;
      System.out.printf(Locale.ROOT, "consensus java per decode step (%d steps): sampling %.3f ms, stop checks %.3f "
          + "ms, tensor handling %.3f ms, %.0f bytes copied; %.1f generated tokens/s%n", steps,
          sampling / 1e6 / steps, stopChecks / 1e6 / steps, tensorWork / 1e6 / steps, (double) copied / steps,
          consTokens * 1e9 / consWall);
      System.out.printf(Locale.ROOT,
          "speedup_vs_sequential=%.3f ort_ceiling=%.3f overhead_outside_ort=%.4f prefill_tokens=%d prompt_tokens=%d "
              + "java_loop_share=%.4f%n",
          (double) seqWall / consWall, (double) seqRun / consRun, (double) (consWall - consRun) / consWall, prefill,
          promptTokens, (double) javaLoop / consWall);
    }
    return 0;
  }
}
