/**
 * ssft4j as Apache Spark jobs: {@link io.github.ssft4j.spark.SparkConsensus} answers a {@code Dataset<Row>} of
 * questions with Cons@k on the executors (one model per executor JVM, {@link io.github.ssft4j.spark.ExecutorModels}),
 * and {@link io.github.ssft4j.spark.ConsensusMetrics} aggregates Pass@1 and Cons@k on the cluster.
 *
 * <pre>{@code
 * Dataset<Row> answered = SparkConsensus.builder("models/qwen2-ssft")
 *     .questionColumn("problem").goldColumn("answer").shipModel(true)
 *     .build()
 *     .transform(spark.read().json("math500.jsonl"));
 * System.out.println(ConsensusMetrics.of(answered));
 * }</pre>
 *
 * <p>Spark and Scala are {@code provided}: the cluster supplies them.
 */
package io.github.ssft4j.spark;
