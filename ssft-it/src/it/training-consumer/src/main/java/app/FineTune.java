package app;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.spi.TrainingRequest;
import io.github.ssft4j.spi.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fine-tunes the repository's tiny checkpoint with SSFT for a few steps, exports it to ONNX and runs it. */
public class FineTune {
  public static void main(String[] args) throws Exception {
    Path testdata = Path.of(args[0]);
    Path out = Path.of(args[1], "run");
    TrainingSummary summary = ModelTrainer.findDefault().train(new TrainingRequest(TrainingMethod.SSFT,
        testdata.resolve("qwen2-tiny/hf"), testdata.resolve("subtraction/train-12.jsonl"), out, 2, 2, 1e-3, 7));
    System.out.println("trained: " + summary);

    Path exported = Path.of(args[1], "exported");
    ModelExporter.findDefault().export(summary.checkpoint(), exported, ExportOptions.DEFAULT);
    if (!Files.exists(exported.resolve("model.onnx"))) {
      throw new IllegalStateException("no model.onnx in " + exported);
    }
    try (ParallelReasoner reasoner = ParallelReasoner.load(exported)) {
      ConsensusResult result = reasoner.consensus("What is 52-17?", 2);
      result.branches().forEach(b -> System.out.println(b.trace().tag() + " -> " + b.answer().raw()));
    }
    System.out.println("CONSUMER-OK training");
  }
}
