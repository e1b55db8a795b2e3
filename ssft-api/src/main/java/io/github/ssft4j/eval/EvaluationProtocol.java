package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which metrics an evaluation reports, and so which samples it draws: per tag, the most any metric needs. Samples
 * are shared between metrics (Pass@1's 32 {@code <think1>} samples also serve native Cons@6's first group members
 * and Cons@32's six {@code <think1>} votes), as one pool of independent samples per tag.
 *
 * <pre>{@code
 * EvaluationProtocol paper = EvaluationProtocol.paper();          // Pass@1 n=32, native Cons@6 (S=11), Cons@32
 * EvaluationProtocol quick = EvaluationProtocol.of(new Metric.NativeConsAtK(6, 1), new Metric.PassAt1(1, 1));
 * }</pre>
 *
 * @param metrics the metrics, names distinct, at least one
 */
public record EvaluationProtocol(List<Metric> metrics) {
  /** Copies the list; rejects an empty one and repeated names. */
  public EvaluationProtocol {
    metrics = List.copyOf(metrics);
    if (metrics.isEmpty()) {
      throw new InvalidArgumentException("a protocol needs at least one metric");
    }
    Set<String> names = new HashSet<>();
    for (Metric m : metrics) {
      if (!names.add(m.name())) {
        throw new InvalidArgumentException("the protocol has two metrics named " + m.name());
      }
    }
  }

  /**
   * @param metrics the metrics
   * @return a protocol with them
   */
  public static EvaluationProtocol of(Metric... metrics) {
    return new EvaluationProtocol(List.of(metrics));
  }

  /**
   * The SSFT paper's protocol: Pass@1 over 32 samples under {@code <think1>}, native Cons@6 over 11 groups (66
   * samples) and Cons@32 spread 6, 6, 5, 5, 5, 5 over the six tags. With shared samples that is 32 under
   * {@code <think1>} and 11 under each other tag: 87 a problem.
   *
   * @return the protocol
   */
  public static EvaluationProtocol paper() {
    return of(new Metric.PassAt1(1, 32), new Metric.NativeConsAtK(6, 11), new Metric.ConsAtK(32));
  }

  /**
   * @param tags the model's number of tags {@code N}
   * @return samples drawn per tag, indexed by tag ({@code [0]}: untagged)
   */
  public int[] samplesPerTag(int tags) {
    int[] plan = new int[tags + 1];
    for (Metric m : metrics) {
      int[] r = m.required(tags);
      for (int t = 0; t <= tags; t++) {
        plan[t] = Math.max(plan[t], r[t]);
      }
    }
    return plan;
  }

  /**
   * @param tags the model's number of tags
   * @return samples drawn per problem
   */
  public int samplesPerProblem(int tags) {
    int sum = 0;
    for (int n : samplesPerTag(tags)) {
      sum += n;
    }
    return sum;
  }
}
