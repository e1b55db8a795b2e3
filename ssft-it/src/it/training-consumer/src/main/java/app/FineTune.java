package app;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fine-tunes the repository's tiny checkpoint with SSFT for a few steps, exports it to ONNX and runs it. */
public class FineTune {
  public static void main(String[] args) {
    Path testdata = Path.of(args[0]);
    Path model = ParallelReasoner.finetune(testdata.resolve("qwen2-tiny/hf"))
        .ssft(testdata.resolve("subtraction/train-12.jsonl"),
            TrainingConfig.builder().steps(2).batchSize(2).maxSeqLen(128).seed(7).build())
        .listener(event -> System.out.println("event: " + event))
        .exportOnnx(Path.of(args[1], "model"));
    if (!Files.exists(model.resolve("model.onnx"))) {
      throw new IllegalStateException("no model.onnx in " + model);
    }
    try (ParallelReasoner reasoner = ParallelReasoner.load(model)) {
      ConsensusResult result = reasoner.consensus("What is 52-17?", 2);
      result.branches().forEach(b -> System.out.println(b.trace().tag() + " -> " + b.answer().raw()));
    }
    System.out.println("CONSUMER-OK training");
  }
}
