package io.github.ssft4j.eval.internal;

import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.spi.EvaluationEngine;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluation engine of {@code ssft-eval}, registered through {@link java.util.ServiceLoader}. */
public final class DefaultEvaluationEngine implements EvaluationEngine {
  /** Seed of the comparison's paired bootstrap. */
  static final long COMPARE_SEED = 7L;

  /** Service-loader constructor. */
  public DefaultEvaluationEngine() {}

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Benchmark load(Path file, Benchmark.LoadOptions options) {
    return BenchmarkLoader.load(file, options);
  }

  @Override
  public EvaluationResult run(Evaluation evaluation) {
    return Runner.run(evaluation);
  }

  @Override
  public EvaluationResult report(Path journal) {
    Journal.Contents c = Journal.read(journal);
    return Scoring.score(c.header(), c.samples());
  }

  @Override
  public Path writeReport(EvaluationResult result, Path dir) {
    return Reports.write(result, dir);
  }

  @Override
  public Path writeSummary(Map<String, EvaluationResult> runs, Path dir) {
    return Reports.summary(runs, dir);
  }

  @Override
  public EvaluationResult pool(List<EvaluationResult> runs) {
    return Pooling.pool(runs);
  }

  @Override
  public EvaluationResult.Comparison compare(EvaluationResult a, EvaluationResult b) {
    Map<String, EvaluationResult.ProblemResult> bById = new HashMap<>();
    b.perProblem().forEach(p -> bById.put(p.id(), p));
    List<EvaluationResult.ProblemResult[]> pairs = new ArrayList<>();
    for (EvaluationResult.ProblemResult p : a.perProblem()) {
      EvaluationResult.ProblemResult q = bById.get(p.id());
      if (q != null) {
        pairs.add(new EvaluationResult.ProblemResult[] {p, q});
      }
    }
    if (pairs.isEmpty()) {
      throw new EvaluationException("the two runs share no scored problem (" + a.benchmark() + " vs "
          + b.benchmark() + ")");
    }
    Map<String, Estimate> diffs = new LinkedHashMap<>();
    Map<String, Estimate> aMeans = new LinkedHashMap<>();
    Map<String, Estimate> bMeans = new LinkedHashMap<>();
    for (String metric : a.metrics().keySet()) {
      if (!b.metrics().containsKey(metric)) {
        continue;
      }
      double[] d = new double[pairs.size()];
      double[] av = new double[pairs.size()];
      double[] bv = new double[pairs.size()];
      for (int i = 0; i < d.length; i++) {
        av[i] = pairs.get(i)[0].scores().get(metric);
        bv[i] = pairs.get(i)[1].scores().get(metric);
        d[i] = av[i] - bv[i];
      }
      aMeans.put(metric, Scoring.mean(av, COMPARE_SEED));
      bMeans.put(metric, Scoring.mean(bv, COMPARE_SEED));
      Bootstrap.Interval iv = Bootstrap.meanInterval(d, Scoring.RESAMPLES, 0.95, COMPARE_SEED);
      diffs.put(metric, new Estimate(iv.estimate(), iv.lower(), iv.upper()));
    }
    return new EvaluationResult.Comparison(a.benchmark(), b.benchmark(), pairs.size(), aMeans, bMeans, diffs);
  }
}
