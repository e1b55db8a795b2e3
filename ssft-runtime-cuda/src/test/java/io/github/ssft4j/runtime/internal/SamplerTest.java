package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {
  // Probabilities 0.1, 0.2, 0.3, 0.4 at temperature 1.
  private static final float[] LOGITS = {
    (float) Math.log(0.1), (float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.4)
  };
  private static final GenerationOptions T1 = GenerationOptions.DEFAULT.withTemperature(1).withTopP(1);

  @Test
  void rowsSampledInParallelDrawWhatTheyDrawOneAfterAnother() {
    // A forked call samples its rows on several threads at real vocabulary sizes: each row's sampler must depend
    // on nothing but its own seed and logits.
    int rows = 6;
    int vocab = 151_936;
    java.util.Random random = new java.util.Random(3);
    java.nio.FloatBuffer logits = java.nio.ByteBuffer.allocateDirect(rows * vocab * 4)
        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < rows * vocab; i++) {
      logits.put(i, (float) random.nextGaussian());
    }
    GenerationOptions options = GenerationOptions.DEFAULT.withSeed(11);
    int[][] sequential = new int[rows][8];
    int[][] parallel = new int[rows][8];
    Sampler[] a = new Sampler[rows];
    Sampler[] b = new Sampler[rows];
    for (int r = 0; r < rows; r++) {
      a[r] = new Sampler(options, options.seed(), r);
      b[r] = new Sampler(options, options.seed(), r);
    }
    for (int step = 0; step < 8; step++) {
      int t = step;
      for (int r = 0; r < rows; r++) {
        sequential[r][t] = a[r].next(logits, r * vocab, vocab);
      }
      java.util.stream.IntStream.range(0, rows).parallel()
          .forEach(r -> parallel[r][t] = b[r].next(logits, r * vocab, vocab));
    }
    for (int r = 0; r < rows; r++) {
      assertEquals(Arrays.toString(sequential[r]), Arrays.toString(parallel[r]), "row " + r);
    }
  }

  @Test
  void greedyTakesTheArgMaxAndReportsItsLogProbability() {
    Sampler s = new Sampler(GenerationOptions.DEFAULT.withTemperature(0), 0, 0);
    assertEquals(3, s.next(LOGITS));
    assertEquals(Math.log(0.4), s.lastLogProb(), 1e-6);
  }

  @Test
  void fullDistributionIsSampledInProportion() {
    int[] counts = histogram(new Sampler(T1, 7, 0), 40_000);
    assertEquals(0.1, counts[0] / 40_000.0, 0.01);
    assertEquals(0.4, counts[3] / 40_000.0, 0.01);
  }

  @Test
  void topKKeepsTheLargestAndRenormalizes() {
    int[] counts = histogram(new Sampler(T1.withTopK(2), 7, 0), 40_000);
    assertEquals(0, counts[0] + counts[1]);
    assertEquals(3.0 / 7, counts[2] / 40_000.0, 0.01);
  }

  @Test
  void topPKeepsTheSmallestSetReachingIt() {
    // 0.4 + 0.3 = 0.7 >= 0.65: tokens 3 and 2 only.
    int[] counts = histogram(new Sampler(T1.withTopP(0.65), 7, 0), 40_000);
    assertEquals(0, counts[0] + counts[1]);
    assertEquals(4.0 / 7, counts[3] / 40_000.0, 0.01);
    // A tiny top-p keeps the single most likely token.
    assertEquals(40_000, histogram(new Sampler(T1.withTopP(0.01), 7, 0), 40_000)[3]);
  }

  @Test
  void temperatureSharpensAndLogProbUsesTheScaledDistribution() {
    Sampler s = new Sampler(T1.withTemperature(0.5), 3, 0);
    int token = s.next(LOGITS);
    double z = 0.01 + 0.04 + 0.09 + 0.16; // probabilities squared
    double p = Math.pow(new double[] {0.1, 0.2, 0.3, 0.4}[token], 2) / z;
    assertEquals(Math.log(p), s.lastLogProb(), 1e-5);
  }

  @Test
  void sameSeedAndBranchRepeatOtherBranchesDiffer() {
    int[] a = sequence(new Sampler(T1, 42, 0));
    assertTrue(Arrays.equals(a, sequence(new Sampler(T1, 42, 0))));
    assertNotEquals(Arrays.toString(a), Arrays.toString(sequence(new Sampler(T1, 42, 1))));
    assertNotEquals(Arrays.toString(a), Arrays.toString(sequence(new Sampler(T1, 43, 0))));
  }

  @Test
  void nucleusIsExactlyTheSortedPrefixOnFlatPeakedAndTiedDistributions() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int trial = 0; trial < 60; trial++) {
      int vocab = 1 + r.nextInt(trial < 30 ? 50 : 20_000);
      float[] logits = new float[vocab];
      double spread = new double[] {0.01, 1, 8, 40}[trial % 4];
      for (int i = 0; i < vocab; i++) {
        // Every third trial draws from a few values only, so ties decide the boundary.
        logits[i] = trial % 3 == 0 ? (float) (r.nextInt(4) * spread) : (float) (r.nextGaussian() * spread);
      }
      double topP = 0.05 + 0.9 * r.nextDouble();
      double temperature = 0.7;
      for (int topK : new int[] {0, 1 + r.nextInt(vocab)}) {
        GenerationOptions o = GenerationOptions.DEFAULT.withTemperature(temperature).withTopP(topP).withTopK(topK);
        Sampler s = new Sampler(o, trial, 0);
        int token = s.next(logits);
        boolean[] expected = referenceKept(logits, temperature, topP, topK);
        assertTrue(expected[token], "trial " + trial + ": drew token " + token + " outside the nucleus");
        for (int i = 0; i < vocab; i++) {
          assertEquals(expected[i], s.keptLast(i), "trial " + trial + " topK " + topK + " token " + i);
        }
      }
    }
  }

  @Test
  void tinyTemperaturesActAsGreedy() {
    // Logits near 10: 40 * t is below a float's resolution there, so the cutoff used to round up to the maximum.
    float[] logits = {10.5f, 10.25f, 10.75f, 10.0f};
    Sampler greedy = new Sampler(T1.withTemperature(0), 11, 0);
    assertEquals(2, greedy.next(logits));
    for (double t : new double[] {1e-7, 1e-8, 1e-30, Double.MIN_VALUE}) {
      Sampler s = new Sampler(T1.withTemperature(t), 11, 0);
      for (int i = 0; i < 50; i++) {
        assertEquals(2, s.next(logits), "temperature " + t);
        assertEquals(greedy.lastLogProb(), s.lastLogProb(), "temperature " + t + ": greedy's log-probability");
      }
    }
  }

  /** Sorts (probability at float precision descending, id ascending) and keeps top-k, then the top-p prefix. */
  private static boolean[] referenceKept(float[] logits, double t, double topP, int topK) {
    float max = Float.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    int n = logits.length;
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Sampler.weight(logits[i], max, (float) (1 / t));
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Integer.compare(Float.floatToIntBits((float) p[b]), Float.floatToIntBits((float) p[a]));
      return c != 0 ? c : Integer.compare(a, b);
    });
    int keep = topK > 0 ? Math.min(topK, n) : n;
    double total = 0;
    for (int j = 0; j < keep; j++) {
      total += p[order[j]];
    }
    boolean[] kept = new boolean[n];
    double cum = 0;
    for (int j = 0; j < keep; j++) {
      kept[order[j]] = true;
      cum += p[order[j]];
      if (topP < 1 && cum >= topP * total) {
        break;
      }
    }
    return kept;
  }

  @Test
  void logitsWithoutAFiniteValueAreAGenerationError() {
    Sampler s = new Sampler(T1, 0, 0);
    float nan = Float.NaN;
    for (float[] bad : new float[][] {{nan, nan}, {Float.NEGATIVE_INFINITY, nan}, {1f, Float.POSITIVE_INFINITY}}) {
      GenerationException e = assertThrows(GenerationException.class, () -> s.next(bad));
      assertTrue(e.getMessage().contains("finite logit"), e.getMessage());
    }
  }

  @Test
  void aNanAmongFiniteLogitsIsAGenerationErrorGreedyOrSampled() {
    float[] logits = {1f, Float.NaN, 2f, 0.5f};
    for (GenerationOptions o : new GenerationOptions[] {T1, T1.withTemperature(0), T1.withTopP(0.9), T1.withTopK(2)}) {
      GenerationException e = assertThrows(GenerationException.class, () -> new Sampler(o, 0, 0).next(logits));
      assertTrue(e.getMessage().contains("NaN logit"), e.getMessage());
    }
  }

  private static int[] histogram(Sampler s, int n) {
    int[] counts = new int[LOGITS.length];
    for (int i = 0; i < n; i++) {
      counts[s.next(LOGITS)]++;
    }
    return counts;
  }

  private static int[] sequence(Sampler s) {
    int[] out = new int[64];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.next(LOGITS);
    }
    return out;
  }

  @Test
  void weightsMatchMathExpOnTheSampledRangeAndFloorAtMinus40() {
    double worst = 0;
    for (double x = -40; x <= 0; x += 1e-3) {
      float logit = (float) x;
      worst = Math.max(worst, Math.abs(Sampler.weight(logit, 0, 1) / Math.exp(logit) - 1));
    }
    assertTrue(worst < 2e-5, "relative error " + worst);
    assertEquals(1f, Sampler.weight(3.5f, 3.5f, 1 / 0.7f), 0);
    assertEquals(Sampler.weight(-40, 0, 1), Sampler.weight(-1000, 0, 1), 0);
  }
}
