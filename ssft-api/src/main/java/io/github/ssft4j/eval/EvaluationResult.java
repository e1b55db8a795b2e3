package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.spi.EvaluationEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The results of an evaluation, computed from its samples alone (so the same from a live run as from its journal,
 * {@link #fromJournal(Path)}). Intervals are 95% percentile bootstraps over problems.
 *
 * <pre>{@code
 * EvaluationResult r = EvaluationResult.fromJournal(Path.of("runs/aime24.journal.jsonl"));
 * System.out.println(r.metric("Cons@6").format());
 * r.writeReport(Path.of("runs/aime24"));                       // results.md, results.json, results.png, problems.csv
 * EvaluationResult baseline = EvaluationResult.fromJournal(Path.of("runs/baseline.journal.jsonl"));
 * System.out.println(r.compare(baseline).differences());
 * }</pre>
 *
 * @param benchmark the benchmark's name
 * @param settings what ran (model, protocol, sampling, seed, template), for the report
 * @param problems problems with every sample the protocol needs, the ones scored
 * @param incompleteProblems problems of the benchmark left out because samples are missing (an unfinished run)
 * @param samples samples in the journal
 * @param metrics each metric's mean over problems, in protocol order
 * @param perTag accuracy of every tag's samples (mean over problems of the fraction correct), in tag order
 * @param voteMargin the mean vote margin: (top votes - runner-up votes) / answered votes, over the protocol's largest
 *     vote (the largest Cons@k, else all samples)
 * @param perProblem one row per scored problem, in benchmark order
 */
public record EvaluationResult(String benchmark, Map<String, String> settings, int problems, int incompleteProblems,
    long samples, Map<String, Estimate> metrics, Map<Integer, Estimate> perTag, Estimate voteMargin,
    List<ProblemResult> perProblem) {

  /** Copies the collections (keeping their order). */
  public EvaluationResult {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    perTag = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perTag));
    perProblem = List.copyOf(perProblem);
  }

  /**
   * One problem's scores.
   *
   * @param id the problem id
   * @param gold the gold answer
   * @param scores each metric's score of this problem
   * @param votedAnswer the winner of the largest vote ({@code ""} when no sample has an answer)
   * @param votedCorrect whether it is correct
   * @param voteMargin (top votes - runner-up votes) / answered votes of that vote, 0 when none answered
   * @param samples samples of this problem
   * @param correctSamples of which correct
   */
  public record ProblemResult(String id, String gold, Map<String, Double> scores, String votedAnswer,
      boolean votedCorrect, double voteMargin, int samples, int correctSamples) {
    /** Copies the scores, keeping their order. */
    public ProblemResult {
      scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    }
  }

  /**
   * A paired comparison of two runs over the problems both scored.
   *
   * @param a the first run's benchmark name
   * @param b the second run's
   * @param problems problems both scored
   * @param aMetrics per metric both report: the first run's mean over the shared problems, with its interval
   * @param bMetrics the same for the second run
   * @param differences per metric: mean of (a - b) over the shared problems, with a paired bootstrap interval
   */
  public record Comparison(String a, String b, int problems, Map<String, Estimate> aMetrics,
      Map<String, Estimate> bMetrics, Map<String, Estimate> differences) {
    /** Copies the maps, keeping their order. */
    public Comparison {
      aMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aMetrics));
      bMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bMetrics));
      differences = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(differences));
    }
  }

  /**
   * @param name a metric's name, as in {@link Metric#name()}
   * @return its estimate
   * @throws InvalidArgumentException when the run did not report it
   */
  public Estimate metric(String name) {
    Estimate e = metrics.get(name);
    if (e == null) {
      throw new InvalidArgumentException("no metric " + name + " in these results; they have " + metrics.keySet());
    }
    return e;
  }

  /**
   * Recomputes the results of a journal, finished or not (problems with missing samples are left out).
   *
   * @param journal an evaluation journal
   * @return its results
   * @throws EvaluationException when it cannot be read or a line is corrupt
   */
  public static EvaluationResult fromJournal(Path journal) {
    return EvaluationEngine.findDefault().report(journal);
  }

  /**
   * Writes {@code results.md}, {@code results.json}, {@code results.png} (metrics, per-tag accuracy, vote margins)
   * and {@code problems.csv} into a folder, atomically per file.
   *
   * @param dir the folder, created when missing
   * @return the Markdown page
   */
  public Path writeReport(Path dir) {
    return EvaluationEngine.findDefault().writeReport(this, dir);
  }

  /**
   * Writes a side-by-side page of several runs: {@code summary.md} (every metric with its interval, per run),
   * {@code summary.json} and {@code summary.png} (grouped bars with intervals).
   *
   * @param runs labelled runs, in table order (a {@link java.util.LinkedHashMap} keeps it)
   * @param dir the folder, created when missing
   * @return the Markdown page
   */
  public static Path writeSummary(Map<String, EvaluationResult> runs, Path dir) {
    return EvaluationEngine.findDefault().writeSummary(runs, dir);
  }

  /**
   * Pools runs of the same protocol, e.g. models trained with different seeds and evaluated on the same benchmark,
   * into one result: over the problems every run scored, a problem's score under a metric is its mean over the runs,
   * and the intervals are bootstraps over problems of those means (so they hold the question sampling; the spread
   * between runs shows in the runs' own results). {@link #perTag()} is empty (its per-problem values are not kept
   * in a result); {@link #compare} of two pooled results is paired over their shared problems.
   *
   * <pre>{@code
   * EvaluationResult ssft = EvaluationResult.pool(List.of(EvaluationResult.fromJournal(Path.of("s7.jsonl")),
   *     EvaluationResult.fromJournal(Path.of("s8.jsonl")), EvaluationResult.fromJournal(Path.of("s9.jsonl"))));
   * }</pre>
   *
   * @param runs one or more runs reporting the same metrics
   * @return the pooled result ({@code runs.get(0)} itself when there is one)
   * @throws InvalidArgumentException when the runs share no problem or no metric
   */
  public static EvaluationResult pool(List<EvaluationResult> runs) {
    if (runs.isEmpty()) {
      throw new InvalidArgumentException("pool needs at least one run");
    }
    return runs.size() == 1 ? runs.get(0) : EvaluationEngine.findDefault().pool(runs);
  }

  /**
   * @param other another run over (some of) the same problems
   * @return this run minus the other, metric by metric, with paired bootstrap intervals
   * @throws InvalidArgumentException when they share no problem
   */
  public Comparison compare(EvaluationResult other) {
    return EvaluationEngine.findDefault().compare(this, other);
  }
}
