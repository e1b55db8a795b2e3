package io.github.ssft4j.eval.internal;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationProtocol;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.spi.InferenceModel;
import java.nio.file.Path;

/**
 * A journaled evaluation of the tiny model, run in its own JVM by {@link KillAndResumeTest} (which kills it) and
 * in-process for the uninterrupted reference.
 */
public final class JournalChild {
  static final EvaluationProtocol PROTOCOL = EvaluationProtocol.of(new Metric.NativeConsAtK(6, 2),
      new Metric.PassAt1(1, 4), new Metric.ConsAtK(8));

  private JournalChild() {}

  /** @param args model folder, journal, benchmark file, problems */
  public static void main(String[] args) {
    run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
  }

  static EvaluationResult run(Path modelDir, Path journal, Path benchmark, int problems) {
    try (InferenceModel model = InferenceBackend.findDefault().open(modelDir,
        RuntimeOptions.DEFAULT.withThreads(1, 1))) {
      return Evaluation.builder(Benchmark.load(benchmark).first(problems))
          .model(model)
          .modelName("qwen2-tiny")
          .protocol(PROTOCOL)
          .generation(GenerationOptions.DEFAULT.withTemperature(0.7).withTopP(0.95).withMaxNewTokens(24)
              .withSeed(1234))
          .samplesPerCall(4)
          .concurrency(2)
          .journal(journal)
          .build()
          .run();
    }
  }
}
