package io.github.ssft4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.testkit.Fixtures;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of {@link SparkConsensus} on {@code local[2]} against a single-JVM loop over the same questions (and a
 * two-thread loop, the ceiling on two cores). Not part of the default suite: {@code SSFT_SPARK_BENCH=1}, optionally
 * {@code SSFT_SPARK_BENCH_QUESTIONS} (default 400) and {@code SSFT_SPARK_BENCH_ROUNDS} (default 3). Rounds are
 * interleaved so that the machine's load hits every variant alike; wall and process CPU time are both reported.
 */
class SparkThroughputBench {
  private static final int K = 6;
  private static final GenerationOptions OPTIONS = GenerationOptions.DEFAULT.withMaxNewTokens(48);

  @Test
  void sparkLocal2AgainstASingleJvmLoop(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(System.getenv("SSFT_SPARK_BENCH") != null, "set SSFT_SPARK_BENCH=1 to run the benchmark");
    int n = Integer.parseInt(System.getenv().getOrDefault("SSFT_SPARK_BENCH_QUESTIONS", "400"));
    int rounds = Integer.parseInt(System.getenv().getOrDefault("SSFT_SPARK_BENCH_ROUNDS", "3"));
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model"));
    Random rnd = new Random(11);
    List<Row> input = new ArrayList<>();
    for (long id = 0; id < n; id++) {
      input.add(RowFactory.create(id, "What is " + (10 + rnd.nextInt(90)) + "+" + (10 + rnd.nextInt(90)) + "?",
          5000 + id));
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("ssft-spark-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString()).getOrCreate();
    try (ParallelReasoner local = ParallelReasoner.builder(model).runtime(ReasonerSpec.DEFAULT.runtime()).build()) {
      Dataset<Row> questions = spark.createDataFrame(input, new StructType().add("id", DataTypes.LongType)
          .add("question", DataTypes.StringType).add("seed", DataTypes.LongType)).repartition(8).cache();
      questions.count();
      SparkConsensus consensus = SparkConsensus.builder(model.toString()).k(K).generation(OPTIONS)
          .seedColumn("seed").includeText(false).build();
      ExecutorService two = Executors.newFixedThreadPool(2);
      List<String> lines = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        long[] loop = timed(() -> {
          for (Row q : input) {
            local.consensus(q.getString(1), K, OPTIONS.withSeed(q.getLong(2)));
          }
        });
        long[] threads = timed(() -> {
          List<Future<ConsensusResult>> futures = new ArrayList<>();
          for (Row q : input) {
            futures.add(two.submit(() -> local.consensus(q.getString(1), K, OPTIONS.withSeed(q.getLong(2)))));
          }
          for (Future<ConsensusResult> f : futures) {
            f.get();
          }
        });
        long[] job = timed(() -> assertEquals(n, consensus.transform(questions).count()));
        lines.add(String.format(Locale.ROOT, "round %d: loop %.2f s (cpu %.2f s) | 2-thread loop %.2f s (cpu %.2f s)"
            + " | local[2] job %.2f s (cpu %.2f s) | loop/job %.2f, loop/2-thread %.2f", r + 1, loop[0] / 1e9,
            loop[1] / 1e9, threads[0] / 1e9, threads[1] / 1e9, job[0] / 1e9, job[1] / 1e9,
            (double) loop[0] / job[0], (double) loop[0] / threads[0]));
        System.out.println("[ssft-spark-bench] " + lines.get(lines.size() - 1));
      }
      two.shutdown();
      System.out.println("[ssft-spark-bench] " + n + " questions, k=" + K + ", max 48 new tokens, model loads "
          + consensus.modelLoadsByExecutor());
    } finally {
      spark.stop();
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  /** @return wall and process CPU nanoseconds of {@code body} */
  private static long[] timed(Body body) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    body.run();
    return new long[] {System.nanoTime() - start, os.getProcessCpuTime() - cpu};
  }
}
