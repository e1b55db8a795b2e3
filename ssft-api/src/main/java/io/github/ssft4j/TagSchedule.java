package io.github.ssft4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which tag each of the {@code k} branches of a consensus call gets.
 *
 * <p>For {@code k <= N} every branch gets a distinct tag: {@code <think1>..<thinkk>} ({@link #SEQUENTIAL}), or a
 * seeded random subset of the {@code N} tags as the reference evaluation does ({@link #RANDOM}). For {@code k > N}
 * the branches are split fairly: every tag gets {@code k / N} branches and {@code k mod N} tags get one more
 * (sequential: the first ones; random: a seeded random subset). With {@code k = 32, N = 6} the counts are
 * {@code 6, 6, 5, 5, 5, 5}. Branches are listed round-robin by tag, so tag order is the branch order.
 *
 * <pre>{@code
 * List<Integer> tags = TagSchedule.SEQUENTIAL.assign(32, 6, 0L); // 1,2,3,4,5,6,1,2,...
 * }</pre>
 *
 * <p>Two policies let the model pick its own tags from its {@link ForkDistribution} at the fork (after GFPO):
 * {@link #MODEL_CHOSEN} draws the {@code k} tags from it (seeded, with replacement) and {@link #MODEL_ARGMAX}
 * gives every branch the most likely tag (meant for {@code k = 1}). They need the distribution:
 * {@link #assign(int, ForkDistribution, long)}.
 */
public enum TagSchedule {
  /** The first tags in index order. */
  SEQUENTIAL,
  /** A seeded random choice of which tags are used (k &lt; N) or get the extra branch (k &gt; N). */
  RANDOM,
  /** {@code k} tags drawn from the model's fork distribution, independently, seeded. */
  MODEL_CHOSEN,
  /** The model's most likely tag at the fork for every branch. */
  MODEL_ARGMAX;

  /** @return whether the tags come from the model's fork distribution */
  public boolean usesModel() {
    return this == MODEL_CHOSEN || this == MODEL_ARGMAX;
  }

  /**
   * @param k branches, {@code >= 1}
   * @param distribution the model's distribution at the fork (its size is {@code N}); only the model policies
   *     read it
   * @param seed seeds {@link #RANDOM} and {@link #MODEL_CHOSEN}
   * @return {@code k} 1-based tag indices
   */
  public List<Integer> assign(int k, ForkDistribution distribution, long seed) {
    Checks.notNull("distribution", distribution);
    return switch (this) {
      case MODEL_CHOSEN -> distribution.sample(k, seed);
      case MODEL_ARGMAX -> java.util.Collections.nCopies(Checks.positive("k", k), distribution.argmax());
      default -> assign(k, distribution.size(), seed);
    };
  }

  /**
   * @param k branches, {@code >= 1}
   * @param n tags available, {@code >= 1}
   * @param seed used by {@link #RANDOM} only
   * @return {@code k} 1-based tag indices, round-robin over the chosen tags
   * @throws InvalidArgumentException for the model policies, which need {@link #assign(int, ForkDistribution,
   *     long)}
   */
  public List<Integer> assign(int k, int n, long seed) {
    Checks.positive("k", k);
    Checks.positive("n", n);
    if (usesModel()) {
      throw new InvalidArgumentException(this + " picks tags from the model's fork distribution: use "
          + "assign(k, distribution, seed)");
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      order.add(i);
    }
    if (this == RANDOM && k % n != 0) {
      Collections.shuffle(order, new Random(seed));
      // Keep the chosen tags in index order so branch order stays readable.
      List<Integer> chosen = new ArrayList<>(order.subList(0, k % n));
      Collections.sort(chosen);
      List<Integer> rest = new ArrayList<>(order.subList(k % n, n));
      Collections.sort(rest);
      order = new ArrayList<>(chosen);
      order.addAll(rest);
    }
    List<Integer> tags = new ArrayList<>(k);
    for (int b = 0; b < k; b++) {
      tags.add(order.get(b % n));
    }
    return List.copyOf(tags);
  }

  /**
   * @param k branches
   * @param n tags
   * @param seed used by {@link #RANDOM} only
   * @return how many branches each tag gets, indexed by tag - 1
   */
  public int[] counts(int k, int n, long seed) {
    int[] counts = new int[Checks.positive("n", n)];
    for (int tag : assign(k, n, seed)) {
      counts[tag - 1]++;
    }
    return counts;
  }
}
