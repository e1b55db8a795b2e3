package io.github.ssft4j.eval.internal;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.EvaluationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link EvaluationResult#pool}: several runs as one, per-problem means over the runs. */
final class Pooling {
  private Pooling() {}

  static EvaluationResult pool(List<EvaluationResult> runs) {
    List<String> metrics = new ArrayList<>(runs.get(0).metrics().keySet());
    runs.forEach(r -> metrics.retainAll(r.metrics().keySet()));
    if (metrics.isEmpty()) {
      throw new InvalidArgumentException("the runs to pool share no metric: " + runs.stream()
          .map(r -> r.metrics().keySet().toString()).toList());
    }
    List<Map<String, EvaluationResult.ProblemResult>> byId = new ArrayList<>();
    for (EvaluationResult r : runs) {
      Map<String, EvaluationResult.ProblemResult> m = new HashMap<>();
      r.perProblem().forEach(p -> m.put(p.id(), p));
      byId.add(m);
    }
    List<EvaluationResult.ProblemResult> rows = new ArrayList<>();
    for (EvaluationResult.ProblemResult first : runs.get(0).perProblem()) {
      List<EvaluationResult.ProblemResult> same = new ArrayList<>();
      for (Map<String, EvaluationResult.ProblemResult> m : byId) {
        EvaluationResult.ProblemResult p = m.get(first.id());
        if (p != null) {
          same.add(p);
        }
      }
      if (same.size() == runs.size()) {
        rows.add(poolProblem(first, same, metrics));
      }
    }
    if (rows.isEmpty()) {
      throw new InvalidArgumentException("the " + runs.size() + " runs to pool share no scored problem");
    }
    Map<String, Estimate> means = new LinkedHashMap<>();
    for (String m : metrics) {
      means.put(m, Scoring.mean(rows.stream().mapToDouble(p -> p.scores().get(m)).toArray(),
          DefaultEvaluationEngine.COMPARE_SEED));
    }
    Estimate margin = Scoring.mean(rows.stream().mapToDouble(EvaluationResult.ProblemResult::voteMargin).toArray(),
        DefaultEvaluationEngine.COMPARE_SEED);
    Map<String, String> settings = new LinkedHashMap<>(runs.get(0).settings());
    settings.put("model", String.join(", ", runs.stream().map(r -> r.settings().getOrDefault("model", "?")).toList()));
    settings.put("pooled runs", Integer.toString(runs.size()));
    int incomplete = runs.get(0).perProblem().size() + runs.get(0).incompleteProblems() - rows.size();
    long samples = runs.stream().mapToLong(EvaluationResult::samples).sum();
    return new EvaluationResult(runs.get(0).benchmark(), settings, rows.size(), incomplete, samples, means,
        Map.of(), margin, rows);
  }

  /** One problem over the runs: mean scores and margin; the voted answer of the runs' majority of correct votes. */
  private static EvaluationResult.ProblemResult poolProblem(EvaluationResult.ProblemResult first,
      List<EvaluationResult.ProblemResult> same, List<String> metrics) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (String m : metrics) {
      scores.put(m, same.stream().mapToDouble(p -> p.scores().get(m)).average().orElseThrow());
    }
    double margin = same.stream().mapToDouble(EvaluationResult.ProblemResult::voteMargin).average().orElseThrow();
    long votedRight = same.stream().filter(EvaluationResult.ProblemResult::votedCorrect).count();
    EvaluationResult.ProblemResult representative = same.stream()
        .filter(p -> p.votedCorrect() == (2 * votedRight > same.size())).findFirst().orElse(first);
    return new EvaluationResult.ProblemResult(first.id(), first.gold(), scores, representative.votedAnswer(),
        2 * votedRight > same.size(), margin, same.stream().mapToInt(EvaluationResult.ProblemResult::samples).sum(),
        same.stream().mapToInt(EvaluationResult.ProblemResult::correctSamples).sum());
  }
}
