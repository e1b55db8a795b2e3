package io.github.ssft4j.train.internal.data;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The order a trainer visits its {@code size} items in: consecutive slices of one seeded permutation per epoch, so
 * position {@code g} of the whole run depends on the seed and {@code g} only (a resumed run takes the same items).
 */
public final class EpochOrder {
  private final int size;
  private final long seed;
  private final Map<Integer, int[]> epochs = new HashMap<>();

  /** @param size items, {@code >= 1} @param seed the run's seed */
  public EpochOrder(int size, long seed) {
    this.size = size;
    this.seed = seed;
  }

  /**
   * @param position 0-based position in the run
   * @return the item visited there
   */
  public int at(long position) {
    int epoch = (int) (position / size);
    int[] order = epochs.computeIfAbsent(epoch, e -> permutation(size, mix(seed, e, -1, -1)));
    return order[(int) (position % size)];
  }

  /** @return a seeded Fisher-Yates permutation of {@code 0..size-1} */
  public static int[] permutation(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** @return a well-mixed 64-bit seed of {@code seed} and three coordinates */
  public static long mix(long seed, long a, long b, long c) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h = (h ^ a) * 0xBF58476D1CE4E5B9L;
    h = (h ^ b) * 0x94D049BB133111EBL;
    h = (h ^ c) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }
}
