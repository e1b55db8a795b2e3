package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TagSchedule;

/**
 * A score of one problem computed from its samples, averaged over problems. Each metric says which samples it needs
 * ({@link #required(int)}); an {@link EvaluationProtocol} draws, per tag, the most any of its metrics needs, and
 * every metric reads the first samples of each tag, by sample index.
 *
 * <p>Votes are majority votes over equivalent answers; samples without an answer never win while another has
 * one; ties go to the answer reached first in vote order (tag order within a native group; round-robin by tag for
 * {@link ConsAtK}); a problem scores 1 when the winner is correct.
 */
public sealed interface Metric {
  /** @return the name used in reports, e.g. {@code Cons@6} */
  String name();

  /**
   * @param tags the model's number of forking tags {@code N}
   * @return samples needed, indexed by tag ({@code [0]}: untagged, {@code [t]}: tag {@code t})
   */
  int[] required(int tags);

  /**
   * Pass@1: the mean correctness of {@code n} samples under one tag.
   *
   * @param tag the tag, 1-based; {@code 0} for no tag prefix (a GFPO model then picks its own tag)
   * @param n samples, {@code >= 1}
   */
  record PassAt1(int tag, int n) implements Metric {
    /** Validates the counts. */
    public PassAt1 {
      requireTag(tag);
      requirePositive("n", n);
    }

    @Override
    public String name() {
      return "Pass@1" + tagSuffix(tag);
    }

    @Override
    public int[] required(int tags) {
      return one(tags, tag, n);
    }
  }

  /**
   * The unbiased pass@k estimator (Chen et al., 2021) from {@code n} samples under one tag.
   *
   * @param tag the tag, 1-based, or {@code 0} for none
   * @param n samples, {@code >= k}
   * @param k attempts, {@code >= 1}
   */
  record PassAtK(int tag, int n, int k) implements Metric {
    /** Validates the counts. */
    public PassAtK {
      requireTag(tag);
      requirePositive("k", k);
      if (n < k) {
        throw new InvalidArgumentException("pass@k needs n >= k, got n=" + n + ", k=" + k);
      }
    }

    @Override
    public String name() {
      return "pass@" + k + tagSuffix(tag);
    }

    @Override
    public int[] required(int tags) {
      return one(tags, tag, n);
    }
  }

  /**
   * maj@k: one majority vote over the first {@code k} samples under one tag (sampling as the only diversity).
   *
   * @param tag the tag, 1-based, or {@code 0} for none
   * @param k samples voted on, {@code >= 1}
   */
  record MajAtK(int tag, int k) implements Metric {
    /** Validates the counts. */
    public MajAtK {
      requireTag(tag);
      requirePositive("k", k);
    }

    @Override
    public String name() {
      return "maj@" + k + tagSuffix(tag);
    }

    @Override
    public int[] required(int tags) {
      return one(tags, tag, k);
    }
  }

  /**
   * The paper's native Cons@k: {@code samplesPerTag} samples ({@code S}) under each of the tags {@code 1..k};
   * group {@code s} votes over sample {@code s} of every tag; the score is the fraction of the {@code S} groups
   * whose winner is correct. (The reference uses {@code k = 6}, {@code S = 11}: 66 samples.)
   *
   * @param k tags voting, {@code 1..N}
   * @param samplesPerTag groups {@code S}, {@code >= 1}
   */
  record NativeConsAtK(int k, int samplesPerTag) implements Metric {
    /** Validates the counts. */
    public NativeConsAtK {
      requirePositive("k", k);
      requirePositive("samplesPerTag", samplesPerTag);
    }

    @Override
    public String name() {
      return "Cons@" + k;
    }

    @Override
    public int[] required(int tags) {
      if (k > tags) {
        throw new InvalidArgumentException("native Cons@" + k + " needs " + k + " tags; the model has " + tags);
      }
      int[] r = new int[tags + 1];
      for (int t = 1; t <= k; t++) {
        r[t] = samplesPerTag;
      }
      return r;
    }
  }

  /**
   * Cons@k over a set of tags: {@code k} samples spread over the {@code N} tags as {@link TagSchedule#SEQUENTIAL}
   * does (32 over 6: 6, 6, 5, 5, 5, 5), one majority vote in round-robin tag order.
   *
   * @param k samples voted on, {@code >= 1}
   */
  record ConsAtK(int k) implements Metric {
    /** Validates the count. */
    public ConsAtK {
      requirePositive("k", k);
    }

    @Override
    public String name() {
      return "Cons@" + k;
    }

    @Override
    public int[] required(int tags) {
      int[] counts = TagSchedule.SEQUENTIAL.counts(k, tags, 0L);
      int[] r = new int[tags + 1];
      System.arraycopy(counts, 0, r, 1, tags);
      return r;
    }
  }

  private static void requireTag(int tag) {
    if (tag < 0) {
      throw new InvalidArgumentException("tag must be >= 0 (0: untagged), got " + tag);
    }
  }

  private static void requirePositive(String field, int value) {
    if (value < 1) {
      throw new InvalidArgumentException(field + " must be >= 1, got " + value);
    }
  }

  private static String tagSuffix(int tag) {
    return tag == 0 ? " (untagged)" : tag == 1 ? "" : " <think" + tag + ">";
  }

  private static int[] one(int tags, int tag, int n) {
    if (tag > tags) {
      throw new InvalidArgumentException("tag " + tag + " does not exist; the model has " + tags + " tags");
    }
    int[] r = new int[tags + 1];
    r[tag] = n;
    return r;
  }
}
