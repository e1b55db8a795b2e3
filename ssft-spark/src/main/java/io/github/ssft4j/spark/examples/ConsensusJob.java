package io.github.ssft4j.spark.examples;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.spark.ConsensusMetrics;
import io.github.ssft4j.spark.SparkConsensus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark job: answers every question of a JSON-lines file with Cons@k, writes the answered rows as Parquet, and
 * prints Pass@1 and Cons@k when the file has gold answers.
 *
 * <pre>
 * spark-submit --class io.github.ssft4j.spark.examples.ConsensusJob --master yarn \
 *   --jars "$(ls job-lib/*.jar | paste -sd,)" ssft-spark.jar \
 *   MODEL_DIR questions.jsonl answers.parquet [k=6] [questionColumn=question] [goldColumn=answer] [maxNewTokens=1024]
 * </pre>
 *
 * Without {@code --master} (e.g. {@code java -cp ...}) it runs on {@code local[*]}. The model folder is shipped
 * from the driver to the executors; rows without a {@code seed} column value use seed 1234.
 */
public final class ConsensusJob {
  private ConsensusJob() {}

  /**
   * @param args model folder, input JSONL, output folder, then optionally k, the question column, the gold column
   *     ({@code -} for none) and the token budget
   */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: ConsensusJob MODEL_DIR INPUT.jsonl OUTPUT [k] [questionColumn] [goldColumn|-]"
          + " [maxNewTokens]");
      System.exit(2);
    }
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    String questionColumn = args.length > 4 ? args[4] : "question";
    String goldColumn = args.length > 5 ? args[5] : "answer";
    int maxNewTokens = args.length > 6 ? Integer.parseInt(args[6]) : 1024;

    SparkSession.Builder session = SparkSession.builder().appName("ssft4j consensus");
    if (!new SparkConf().contains("spark.master")) {
      session.master("local[*]");
    }
    SparkSession spark = session.getOrCreate();

    Dataset<Row> questions = spark.read().json(args[1]);
    // Rows are expensive (k generations each): spread a small file over every core of the cluster.
    int cores = spark.sparkContext().defaultParallelism();
    if (questions.rdd().getNumPartitions() < cores) {
      questions = questions.repartition(cores);
    }
    List<String> columns = Arrays.asList(questions.columns());
    SparkConsensus consensus = SparkConsensus.builder(args[0])
        .k(k)
        .generation(GenerationOptions.DEFAULT.withSeed(1234).withMaxNewTokens(maxNewTokens))
        .questionColumn(questionColumn)
        .goldColumn(columns.contains(goldColumn) ? goldColumn : null)
        .seedColumn(columns.contains("seed") ? "seed" : null)
        .shipModel(true)
        .recordErrors(true)
        .build();

    Dataset<Row> answered = consensus.transform(questions).cache();
    answered.write().mode(SaveMode.Overwrite).parquet(args[2]);
    ConsensusMetrics metrics = ConsensusMetrics.of(answered);
    System.out.printf(Locale.ROOT, "questions %d, errors %d%n", metrics.questions(), metrics.errors());
    if (metrics.graded() > 0) {
      System.out.printf(Locale.ROOT, "Pass@1 %.4f  Cons@%d %.4f  (%d graded)%n", metrics.passAt1(), k,
          metrics.consAtK(), metrics.graded());
    }
    System.out.println("model loads per executor: " + consensus.modelLoadsByExecutor());
    consensus.modelLoads().forEach(load -> System.out.println("  executor " + load.executorId() + " loaded "
        + load.folder()));
    answered.unpersist();
  }
}
