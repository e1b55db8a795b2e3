package io.github.ssft4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.voting.AnswerVerifier;
import io.github.ssft4j.voting.metrics.PassAtK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkConsensus} on {@code local[2]} with the tiny reference model: the same answers as a local
 * {@link ParallelReasoner} for the same seeds, whatever the partitioning, with one model load in the executor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkConsensusTest {
  private static final int QUESTIONS = 200;
  private static final int K = 6;
  private static final GenerationOptions OPTIONS = GenerationOptions.DEFAULT.withMaxNewTokens(48).withSeed(7);

  @TempDir static Path tmp;
  private static Path model;
  private static SparkSession spark;
  private static Dataset<Row> questions;
  private static final List<Row> INPUT = new ArrayList<>();
  private static final Map<Long, ConsensusResult> LOCAL = new HashMap<>();
  private static long localNanos;
  private static Dataset<Row> answered;

  @BeforeAll
  static void setUp() {
    model = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("qwen2-tiny"));
    Random rnd = new Random(20261202);
    for (long id = 0; id < QUESTIONS; id++) {
      int a = 10 + rnd.nextInt(90);
      int b = 10 + rnd.nextInt(90);
      // every fifth row has no seed of its own and uses the options' seed
      Long seed = id % 5 == 4 ? null : 1000 + id * 31;
      INPUT.add(RowFactory.create(id, "What is " + a + "+" + b + "?", String.valueOf(a + b), seed));
    }
    // The single-JVM loop: the reference answers, and the baseline of the throughput ratio.
    try (ParallelReasoner local = ParallelReasoner.builder(model).runtime(ReasonerSpec.DEFAULT.runtime()).build()) {
      long start = System.nanoTime();
      for (Row r : INPUT) {
        long seed = r.isNullAt(3) ? OPTIONS.seed() : r.getLong(3);
        LOCAL.put(r.getLong(0), local.consensus(r.getString(1), K, OPTIONS.withSeed(seed)));
      }
      localNanos = System.nanoTime() - start;
    }
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ssft-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.plugins", SsftSparkPlugin.class.getName())
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString())
        .getOrCreate();
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("question", DataTypes.StringType, false)
        .add("gold", DataTypes.StringType, false)
        .add("seed", DataTypes.LongType, true);
    questions = spark.createDataFrame(INPUT, schema);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
      // SsftSparkPlugin closed the executor's models when the (local) executor stopped.
      assertEquals(0, ExecutorModels.loaded(), "models still loaded after the executor stopped");
    }
  }

  private static SparkConsensus consensus() {
    return SparkConsensus.builder(model.toString())
        .k(K)
        .generation(OPTIONS)
        .questionColumn("question")
        .goldColumn("gold")
        .seedColumn("seed")
        .shipModel(true)
        .build();
  }

  @Test
  @Order(1)
  void answersEqualTheLocalReasonersForTheSameSeedsWithOneModelLoad() {
    SparkConsensus consensus = consensus();
    long loadsBefore = ExecutorModels.loads();
    long start = System.nanoTime();
    answered = consensus.transform(questions.repartition(8)).cache();
    List<Row> rows = answered.collectAsList();
    long sparkNanos = System.nanoTime() - start;

    assertEquals(QUESTIONS, rows.size());
    for (Row row : rows) {
      ConsensusResult expected = LOCAL.get(row.getLong(0));
      assertEquals(describe(expected, row.getString(2)), describe(row), "question " + row.getLong(0));
      long seed = row.isNullAt(3) ? OPTIONS.seed() : row.getLong(3);
      assertEquals(seed, (long) row.getAs(SparkConsensus.SEED));
      assertNull(row.getAs(SparkConsensus.ERROR));
    }
    assertEquals(Map.of("driver", 1L), consensus.modelLoadsByExecutor());
    assertEquals(1, ExecutorModels.loads() - loadsBefore);
    // The executor loaded the copy that SparkContext.addFile shipped, not the driver's folder.
    Path shipped = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath();
    SparkConsensus.ModelLoad load = consensus.modelLoads().get(0);
    assertTrue(Path.of(load.folder()).startsWith(shipped) && !Path.of(load.folder()).equals(model.toAbsolutePath()),
        load + " is not under " + shipped);

    System.out.printf("[ssft-spark] %d questions, k=%d: single-JVM loop %.2f s, local[2] job %.2f s "
        + "(model load included), ratio %.2f%n", QUESTIONS, K, localNanos / 1e9, sparkNanos / 1e9,
        (double) localNanos / sparkNanos);
  }

  @Test
  @Order(2)
  void partitioningDoesNotChangeAnyAnswerAndTheModelStaysLoaded() {
    SparkConsensus consensus = consensus();
    // A quarter of the questions, in another order, in 3 partitions (the first job had 8).
    Dataset<Row> shuffled = questions.where("id % 4 = 1").orderBy(org.apache.spark.sql.functions.rand(3))
        .repartition(3);
    for (Row row : consensus.transform(shuffled).collectAsList()) {
      assertEquals(describe(LOCAL.get(row.getLong(0)), row.getString(2)), describe(row));
    }
    // The executor kept the model of the first job: this one loaded nothing.
    assertEquals(Map.of(), consensus.modelLoadsByExecutor());
    assertEquals(1, ExecutorModels.loaded());
  }

  @Test
  @Order(3)
  void metricsAggregatedOnTheClusterEqualTheLocalComputation() {
    // The rows of the first test (cached), aggregated again on the cluster.
    if (answered == null) {
      answered = consensus().transform(questions.repartition(8)).cache();
    }
    ConsensusMetrics metrics = ConsensusMetrics.of(answered);

    List<boolean[]> correctness = new ArrayList<>();
    int votedCorrect = 0;
    for (Row r : INPUT) {
      ConsensusResult result = LOCAL.get(r.getLong(0));
      boolean[] c = new boolean[result.branches().size()];
      for (Branch b : result.branches()) {
        c[b.index()] = AnswerVerifier.verify(r.getString(2), b.trace().text(), AnswerVerifier.Options.DEFAULT);
      }
      correctness.add(c);
      if (result.answer().isPresent() && c[result.votes().get(0).branches().get(0)]) {
        votedCorrect++;
      }
    }
    assertEquals(QUESTIONS, metrics.graded());
    assertEquals(PassAtK.passAt1(correctness), metrics.passAt1(), 1e-12);
    assertEquals(PassAtK.mean(correctness, 4), metrics.passAtK(4), 1e-12);
    assertEquals((double) votedCorrect / QUESTIONS, metrics.consAtK(), 1e-12);
    System.out.println("[ssft-spark] " + metrics);
  }

  @Test
  @Order(4)
  void badColumnsAreRejectedOnTheDriverNamingTheColumn() {
    InvalidArgumentException missing = assertThrows(InvalidArgumentException.class,
        () -> SparkConsensus.builder(model.toString()).questionColumn("problem").build().transform(questions));
    assertTrue(missing.getMessage().contains("'problem'"), missing.getMessage());
    InvalidArgumentException type = assertThrows(InvalidArgumentException.class,
        () -> SparkConsensus.builder(model.toString()).seedColumn("question").build().transform(questions));
    assertTrue(type.getMessage().contains("'question'") && type.getMessage().contains("string"), type.getMessage());
    Dataset<Row> clash = questions.withColumnRenamed("gold", SparkConsensus.ANSWER);
    assertThrows(InvalidArgumentException.class, () -> consensus().transform(clash));
  }

  @Test
  @Order(5)
  void rowErrorsCanBeRecordedInsteadOfFailingTheJob() {
    Dataset<Row> bad = questions.limit(3).withColumn("tokens", org.apache.spark.sql.functions.lit(0));
    List<Row> rows = SparkConsensus.builder(model.toString()).k(2).generation(OPTIONS).maxNewTokensColumn("tokens")
        .recordErrors(true).build().transform(bad).collectAsList();
    assertEquals(3, rows.size());
    for (Row r : rows) {
      String error = r.getAs(SparkConsensus.ERROR);
      assertTrue(error != null && error.contains("maxNewTokens"), String.valueOf(error));
      assertNull(r.getAs(SparkConsensus.ANSWER));
    }
  }

  @Test
  @Order(6)
  void theExampleJobAnswersAJsonLinesFileIntoParquet() throws Exception {
    Path input = tmp.resolve("questions.jsonl");
    StringBuilder jsonl = new StringBuilder();
    for (Row r : INPUT.subList(0, 6)) {
      jsonl.append("{\"question\": \"").append(r.getString(1)).append("\", \"answer\": \"").append(r.getString(2))
          .append("\"}\n");
    }
    Files.writeString(input, jsonl);
    Path output = tmp.resolve("answers.parquet");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      io.github.ssft4j.spark.examples.ConsensusJob.main(new String[] {
          model.toString(), input.toString(), output.toString(), "3", "question", "answer", "48"});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(printed.contains("questions 6, errors 0") && printed.contains("Pass@1 "), printed);
    Dataset<Row> written = spark.read().parquet(output.toString());
    assertEquals(6, written.count());
    assertEquals(6, written.where(SparkConsensus.K + " = 3 and " + SparkConsensus.SEED + " = 1234").count());
  }

  @Test
  @Order(7)
  void explicitTagsPerRowGoThroughConsensusRequest() {
    Dataset<Row> tagged = questions.limit(4)
        .withColumn("tags", org.apache.spark.sql.functions.expr("array(2, 2, 5)"));
    List<Row> rows = SparkConsensus.builder(model.toString()).generation(OPTIONS).goldColumn("gold")
        .seedColumn("seed").tagsColumn("tags").build().transform(tagged).collectAsList();
    try (ParallelReasoner local = ParallelReasoner.builder(model).runtime(ReasonerSpec.DEFAULT.runtime()).build()) {
      for (Row row : rows) {
        long seed = row.isNullAt(3) ? OPTIONS.seed() : row.getLong(3);
        ConsensusResult expected = local.consensus(io.github.ssft4j.ConsensusRequest.builder(row.getString(1))
            .tags(List.of(2, 2, 5)).options(OPTIONS.withSeed(seed)).build());
        assertEquals(describe(expected, row.getString(2)), describe(row));
        assertEquals(3, (int) row.getAs(SparkConsensus.K));
      }
    }
  }

  /** The Spark row's result columns, in the words of {@link #describe(ConsensusResult, String)}. */
  private static String describe(Row row) {
    StringBuilder s = new StringBuilder();
    s.append(row.<String>getAs(SparkConsensus.ANSWER)).append(" | ").append(row.<String>getAs(SparkConsensus.NORMALIZED))
        .append(" | correct=").append(row.<Boolean>getAs(SparkConsensus.CORRECT)).append('\n');
    for (Row v : row.<Row>getList(row.fieldIndex(SparkConsensus.VOTES))) {
      s.append("vote ").append(v.getString(0)).append(' ').append(v.getInt(2)).append(' ')
          .append(v.getList(4)).append('\n');
    }
    for (Row b : row.<Row>getList(row.fieldIndex(SparkConsensus.BRANCHES))) {
      s.append("branch ").append(b.getInt(0)).append(' ').append(b.getInt(1)).append(' ').append(b.getString(2))
          .append(' ').append(b.getString(3)).append(' ').append(b.getString(5)).append(' ').append(b.getInt(6))
          .append(' ').append(b.getBoolean(8)).append(' ').append(b.getString(7)).append('\n');
    }
    return s.toString();
  }

  private static String describe(ConsensusResult r, String gold) {
    StringBuilder s = new StringBuilder();
    List<Boolean> correct = new ArrayList<>();
    for (Branch b : r.branches()) {
      correct.add(AnswerVerifier.verify(gold, b.trace().text(), AnswerVerifier.Options.DEFAULT));
    }
    boolean voted = r.answer().isPresent() && correct.get(r.votes().get(0).branches().get(0));
    s.append(r.answer().isPresent() ? r.answer().raw() : null).append(" | ")
        .append(r.answer().isPresent() ? r.answer().normalized() : null).append(" | correct=").append(voted)
        .append('\n');
    for (AnswerVote v : r.votes()) {
      s.append("vote ").append(v.answer().raw()).append(' ').append(v.count()).append(' ').append(v.branches())
          .append('\n');
    }
    for (Branch b : r.branches()) {
      s.append("branch ").append(b.index()).append(' ').append(b.trace().tagIndex()).append(' ')
          .append(b.trace().tag()).append(' ').append(b.answer().isPresent() ? b.answer().raw() : null).append(' ')
          .append(b.trace().finishReason()).append(' ').append(b.trace().tokenIds().size()).append(' ')
          .append(correct.get(b.index())).append(' ').append(b.trace().text()).append('\n');
    }
    return s.toString();
  }
}
