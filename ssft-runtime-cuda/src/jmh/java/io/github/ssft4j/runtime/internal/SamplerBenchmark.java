package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.GenerationOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token from a real-size vocabulary, as the decode loop samples it (logits read in place from a direct
 * buffer): the selection sampler against the sorting one it replaced, on a flat distribution (random weights, and
 * many positions of real models) and a peaked one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SamplerBenchmark {
  @Param({"151936"})
  int vocab;

  /** Standard deviation of the logits: 0.5 is flat (most of the vocabulary inside top-p 0.95), 6 is peaked. */
  @Param({"0.5", "6"})
  double spread;

  @Param({"sampled", "greedy"})
  String mode;

  private FloatBuffer logits;
  private Sampler sampler;
  private SortingSampler sorting;

  @Setup
  public void setUp() {
    logits = ByteBuffer.allocateDirect(4 * vocab).order(ByteOrder.nativeOrder()).asFloatBuffer();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < vocab; i++) {
      logits.put(i, (float) (gaussian(r) * spread));
    }
    GenerationOptions options = mode.equals("greedy") ? GenerationOptions.DEFAULT.withTemperature(0)
        : GenerationOptions.DEFAULT.withTemperature(0.7).withTopP(0.95);
    sampler = new Sampler(options, 7, 0);
    sorting = new SortingSampler(options, vocab);
  }

  @Benchmark
  public int selection() {
    return sampler.next(logits, 0, vocab);
  }

  @Benchmark
  public int sortingBefore() {
    return sorting.next(logits, vocab);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The sampler as it was before selection: a heap copy of the row, then a sort of the candidate keys. */
  static final class SortingSampler {
    private final GenerationOptions options;
    private final SplittableRandom random = new SplittableRandom(7);
    private final float[] row;
    private final double[] p;
    private final long[] keys;

    SortingSampler(GenerationOptions options, int vocab) {
      this.options = options;
      this.row = new float[vocab];
      this.p = new double[vocab];
      this.keys = new long[vocab];
    }

    int next(FloatBuffer buffer, int n) {
      buffer.get(0, row);
      double t = options.greedy() ? 1.0 : options.temperature();
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int i = 0; i < n; i++) {
        if (row[i] > max) {
          max = row[i];
          arg = i;
        }
      }
      double z = 0;
      float cutoff = (float) (max - 40 * t);
      for (int i = 0; i < n; i++) {
        double e = row[i] > cutoff ? Sampler.weight(row[i], max, (float) (1 / t)) : 0;
        p[i] = e;
        z += e;
      }
      if (options.greedy()) {
        return arg;
      }
      double floor = (1 - options.topP()) / n * z;
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (p[i] >= floor) {
          keys[m++] = ((long) Float.floatToIntBits((float) (p[i] / z)) << 32) | i;
        }
      }
      Arrays.sort(keys, 0, m);
      int[] order = new int[m];
      double target = options.topP() * z;
      double cum = 0;
      int c = 0;
      while (c < m) {
        order[c] = (int) keys[m - 1 - c];
        cum += p[order[c++]];
        if (cum >= target) {
          break;
        }
      }
      double u = random.nextDouble() * cum;
      double acc = 0;
      for (int j = 0; j < c; j++) {
        acc += p[order[j]];
        if (u < acc) {
          return order[j];
        }
      }
      return order[c - 1];
    }
  }
}
