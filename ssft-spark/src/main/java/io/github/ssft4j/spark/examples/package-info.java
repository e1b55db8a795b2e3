/** A runnable Spark job ({@link io.github.ssft4j.spark.examples.ConsensusJob}); not API. */
package io.github.ssft4j.spark.examples;
