package io.github.ssft4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.voting.metrics.PassAtK;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pass@1, Cons@k and pass@k of a {@link SparkConsensus} result, aggregated on the cluster.
 *
 * <p>The executors reduce the rows to a histogram of (branches, correct branches) pairs and a count of correct
 * votes, at most {@code (k + 1)} groups per distinct k whatever the number of questions; the driver then applies
 * {@link PassAtK#estimate} to each group. So Pass@1 is the mean over questions of the fraction of correct branches
 * (as {@link PassAtK#passAt1} computes it locally), and Cons@k is the fraction of questions whose voted answer is
 * correct (majority over the k branches, the reasoner's {@code VotingStrategy}). Only rows with a gold answer and
 * no error are graded.
 *
 * <pre>{@code
 * ConsensusMetrics m = ConsensusMetrics.of(consensus.transform(questions));
 * System.out.printf("Pass@1 %.3f  Cons@%d %.3f%n", m.passAt1(), 6, m.consAtK());
 * }</pre>
 */
public final class ConsensusMetrics {
  private final long questions;
  private final long graded;
  private final long errors;
  private final long votedCorrect;
  // (branches, correct branches) -> questions
  private final Map<List<Integer>, Long> histogram;

  private ConsensusMetrics(long questions, long graded, long errors, long votedCorrect,
      Map<List<Integer>, Long> histogram) {
    this.questions = questions;
    this.graded = graded;
    this.errors = errors;
    this.votedCorrect = votedCorrect;
    this.histogram = histogram;
  }

  /**
   * Runs one Spark job over {@code results}.
   *
   * @param results the output of {@link SparkConsensus#transform}
   * @return the metrics
   * @throws InvalidArgumentException when {@code results} lacks the result columns
   */
  public static ConsensusMetrics of(Dataset<Row> results) {
    List<String> names = List.of(results.schema().fieldNames());
    for (String needed : List.of(SparkConsensus.BRANCHES, SparkConsensus.CORRECT, SparkConsensus.ERROR)) {
      if (!names.contains(needed)) {
        throw new InvalidArgumentException("no column '" + needed + "': ConsensusMetrics reads the output of "
            + "SparkConsensus.transform");
      }
    }
    Dataset<Row> rows = results.select(
        when(col(SparkConsensus.ERROR).isNotNull(), lit("error"))
            .when(col(SparkConsensus.CORRECT).isNull(), lit("ungraded"))
            .otherwise(lit("graded")).as("state"),
        expr("size(" + SparkConsensus.BRANCHES + ")").as("n"),
        expr("size(filter(" + SparkConsensus.BRANCHES + ", b -> b.correct))").as("c"),
        col(SparkConsensus.CORRECT).as("voted"));
    List<Row> groups = rows.groupBy("state", "n", "c", "voted").agg(count(lit(1)).as("questions"))
        .collectAsList();
    long questions = 0;
    long graded = 0;
    long errors = 0;
    long votedCorrect = 0;
    Map<List<Integer>, Long> histogram = new TreeMap<>(ConsensusMetrics::compare);
    for (Row g : groups) {
      long q = g.getLong(4);
      questions += q;
      switch (g.getString(0)) {
        case "error" -> errors += q;
        case "graded" -> {
          graded += q;
          histogram.merge(List.of(g.getInt(1), g.getInt(2)), q, Long::sum);
          if (g.getBoolean(3)) {
            votedCorrect += q;
          }
        }
        default -> { }
      }
    }
    return new ConsensusMetrics(questions, graded, errors, votedCorrect, histogram);
  }

  /** @return rows seen */
  public long questions() {
    return questions;
  }

  /** @return rows with a gold answer and a result */
  public long graded() {
    return graded;
  }

  /** @return rows whose call failed (recorded errors) */
  public long errors() {
    return errors;
  }

  /**
   * @return the mean over graded questions of the fraction of correct branches
   * @throws InvalidArgumentException when no row was graded
   */
  public double passAt1() {
    return passAtK(1);
  }

  /**
   * @param k attempts, at most every graded question's number of branches
   * @return the unbiased pass@k estimate averaged over graded questions
   * @throws InvalidArgumentException when no row was graded or a question has fewer than {@code k} branches
   */
  public double passAtK(int k) {
    requireGraded();
    double sum = 0;
    for (Map.Entry<List<Integer>, Long> e : histogram.entrySet()) {
      sum += e.getValue() * PassAtK.estimate(e.getKey().get(0), e.getKey().get(1), k);
    }
    return sum / graded;
  }

  /**
   * @return the fraction of graded questions whose voted answer is correct
   * @throws InvalidArgumentException when no row was graded
   */
  public double consAtK() {
    requireGraded();
    return (double) votedCorrect / graded;
  }

  private void requireGraded() {
    if (graded == 0) {
      throw new InvalidArgumentException("no graded question: name a gold column in SparkConsensus.Builder."
          + "goldColumn (and check " + SparkConsensus.ERROR + ")");
    }
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    int c = Integer.compare(a.get(0), b.get(0));
    return c != 0 ? c : Integer.compare(a.get(1), b.get(1));
  }

  @Override
  public String toString() {
    return graded == 0 ? "ConsensusMetrics[questions=" + questions + ", graded=0, errors=" + errors + "]"
        : String.format(java.util.Locale.ROOT, "ConsensusMetrics[questions=%d, graded=%d, errors=%d, Pass@1=%.4f, "
            + "Cons@k=%.4f]", questions, graded, errors, passAt1(), consAtK());
  }
}
