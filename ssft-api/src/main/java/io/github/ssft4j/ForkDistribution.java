package io.github.ssft4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The model's distribution over its {@code N} forking tags at the fork: after the chat prompt and the part of the
 * branch prefix before the tag ({@code <|im_start|>}), the probability of each tag's token sequence. A tag that
 * tokenizes into several tokens gets the sum of their log-probabilities, so added special-token tags and plain
 * text tags are treated alike.
 *
 * <p>The <em>policy</em> is that distribution renormalised over the tag set ({@link #probability(int)}); the raw
 * sequence log-probabilities ({@link #logProb(int)}) and the share of the model's next-token mass that falls on
 * the tags ({@link #mass()}) are kept as well. Immutable.
 *
 * <pre>{@code
 * ForkDistribution d = ForkDistribution.ofLogProbs(new double[] {-0.2, -1.9, -3.0});
 * int best = d.argmax();                        // 1
 * List<Integer> tags = d.sample(6, 42L);        // six seeded draws, with replacement
 * }</pre>
 */
public final class ForkDistribution {
  private final double[] logProbs;
  private final double[] policy;
  private final double logMass;

  private ForkDistribution(double[] logProbs) {
    this.logProbs = logProbs;
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logProbs) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (double l : logProbs) {
      sum += Math.exp(l - max);
    }
    this.logMass = max + Math.log(sum);
    this.policy = new double[logProbs.length];
    for (int i = 0; i < logProbs.length; i++) {
      policy[i] = Math.exp(logProbs[i] - logMass);
    }
  }

  /**
   * @param tagLogProbs the log-probability of each tag's token sequence at the fork, index 0 for tag 1; finite
   *     and {@code <= 0} (a small positive rounding excess is tolerated)
   * @return the distribution
   * @throws InvalidArgumentException when the array is empty or holds a value that is not a log-probability
   */
  public static ForkDistribution ofLogProbs(double[] tagLogProbs) {
    Checks.notNull("tagLogProbs", tagLogProbs);
    if (tagLogProbs.length == 0) {
      throw new InvalidArgumentException("tagLogProbs must hold one value per tag, got none");
    }
    for (int i = 0; i < tagLogProbs.length; i++) {
      if (!Double.isFinite(tagLogProbs[i]) || tagLogProbs[i] > 1e-6) {
        throw new InvalidArgumentException("tagLogProbs[" + i + "] must be a finite log-probability <= 0, got "
            + tagLogProbs[i]);
      }
    }
    return new ForkDistribution(tagLogProbs.clone());
  }

  /** @return {@code N}, the number of tags */
  public int size() {
    return logProbs.length;
  }

  /**
   * @param tag 1-based tag index
   * @return the log-probability of the tag's token sequence (not renormalised)
   */
  public double logProb(int tag) {
    return logProbs[index(tag)];
  }

  /**
   * @param tag 1-based tag index
   * @return the policy's probability of the tag (renormalised over the tags)
   */
  public double probability(int tag) {
    return policy[index(tag)];
  }

  /**
   * @param tag 1-based tag index
   * @return the log of {@link #probability(int)}
   */
  public double policyLogProb(int tag) {
    return logProbs[index(tag)] - logMass;
  }

  /** @return the policy's probabilities, index 0 for tag 1 */
  public List<Double> probabilities() {
    List<Double> out = new ArrayList<>(policy.length);
    for (double p : policy) {
      out.add(p);
    }
    return List.copyOf(out);
  }

  /** @return the raw log-probabilities of the tag sequences, index 0 for tag 1 */
  public List<Double> logProbs() {
    List<Double> out = new ArrayList<>(logProbs.length);
    for (double l : logProbs) {
      out.add(l);
    }
    return List.copyOf(out);
  }

  /** @return how much probability the model puts on the tag set at the fork, in {@code (0, 1]} */
  public double mass() {
    return Math.min(1, Math.exp(logMass));
  }

  /** @return the most likely tag, 1-based; the lowest index on ties */
  public int argmax() {
    int best = 0;
    for (int i = 1; i < policy.length; i++) {
      if (policy[i] > policy[best]) {
        best = i;
      }
    }
    return best + 1;
  }

  /** @return the policy's entropy in nats, in {@code [0, ln N]} */
  public double entropy() {
    double h = 0;
    for (double p : policy) {
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /**
   * Draws {@code k} tags from the policy, independently and with replacement. The same seed gives the same tags.
   *
   * @param k draws, {@code >= 1}
   * @param seed the generator's seed
   * @return {@code k} 1-based tag indices, in draw order
   */
  public List<Integer> sample(int k, long seed) {
    Checks.positive("k", k);
    SplittableRandom random = new SplittableRandom(seed);
    List<Integer> out = new ArrayList<>(k);
    for (int b = 0; b < k; b++) {
      out.add(draw(random.nextDouble()));
    }
    return List.copyOf(out);
  }

  /**
   * @param u a uniform number in {@code [0, 1)}
   * @return the 1-based tag whose cumulative probability interval holds {@code u}
   */
  public int draw(double u) {
    double c = 0;
    for (int i = 0; i < policy.length; i++) {
      c += policy[i];
      if (u < c) {
        return i + 1;
      }
    }
    // Rounding left the cumulative sum a hair under 1: the last tag with any mass.
    for (int i = policy.length - 1; i > 0; i--) {
      if (policy[i] > 0) {
        return i + 1;
      }
    }
    return 1;
  }

  private int index(int tag) {
    if (tag < 1 || tag > logProbs.length) {
      throw new InvalidArgumentException("tag index must be in 1.." + logProbs.length + ", got " + tag);
    }
    return tag - 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForkDistribution d && Arrays.equals(logProbs, d.logProbs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(logProbs);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ForkDistribution[");
    for (int i = 0; i < policy.length; i++) {
      s.append(i == 0 ? "" : ", ").append(i + 1).append('=').append(String.format(java.util.Locale.ROOT, "%.4f",
          policy[i]));
    }
    return s.append(", mass=").append(String.format(java.util.Locale.ROOT, "%.4f", mass())).append(']').toString();
  }
}
