package io.github.ssft4j.spi;

import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationResult;
import java.nio.file.Path;

/**
 * Runs evaluations: loads benchmark files, schedules and journals the samples, computes, reports and compares
 * results. {@code ssft-eval} provides one; the {@code io.github.ssft4j.eval} types call it.
 */
public interface EvaluationEngine {
  /** @return rank among engines on the class path; the highest is used */
  default int priority() {
    return 0;
  }

  /**
   * @param file a benchmark file
   * @param options how to read it
   * @return the benchmark
   */
  Benchmark load(Path file, Benchmark.LoadOptions options);

  /**
   * @param evaluation what to run
   * @return its results
   */
  EvaluationResult run(Evaluation evaluation);

  /**
   * @param journal an evaluation journal
   * @return the results recomputed from it
   */
  EvaluationResult report(Path journal);

  /**
   * @param result results
   * @param dir where the report files go
   * @return the Markdown page
   */
  Path writeReport(EvaluationResult result, Path dir);

  /**
   * @param runs labelled runs, in table order
   * @param dir where {@code summary.md}, {@code summary.json} and {@code summary.png} go
   * @return the Markdown page
   */
  Path writeSummary(java.util.Map<String, EvaluationResult> runs, Path dir);

  /**
   * @param a one run
   * @param b another over the same problems
   * @return a minus b with paired bootstrap intervals
   */
  EvaluationResult.Comparison compare(EvaluationResult a, EvaluationResult b);

  /**
   * @param runs runs of the same protocol over (some of) the same problems, e.g. one per training seed
   * @return one result over the problems all of them scored, each problem's scores the mean over the runs
   */
  EvaluationResult pool(java.util.List<EvaluationResult> runs);

  /**
   * @return the highest-priority engine on the class path
   * @throws io.github.ssft4j.ModelLoadException when there is none (add {@code ssft-eval})
   */
  static EvaluationEngine findDefault() {
    return ServiceLookup.best(EvaluationEngine.class, EvaluationEngine::priority, "ssft-eval");
  }
}
