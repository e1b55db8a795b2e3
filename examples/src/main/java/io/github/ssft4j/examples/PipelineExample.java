package io.github.ssft4j.examples;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingEvent;
import java.nio.file.Path;

/**
 * The whole journey in one place, as {@link ParallelReasoner#finetune(Path)}'s Javadoc shows it: SSFT from a base
 * checkpoint, ONNX export, load, consensus.
 *
 * <pre>{@code
 * java -Dai.djl.offline=true -cp ... io.github.ssft4j.examples.PipelineExample BASE_CHECKPOINT TRACES.jsonl OUT [STEPS]
 * }</pre>
 */
public final class PipelineExample {
  private PipelineExample() {}

  /**
   * Fine-tunes (SSFT, then GFPO on the same questions' gold answers), exports and asks.
   *
   * @param base a Hugging Face Qwen2-family checkpoint folder
   * @param traces JSONL training data ({@code question}, {@code traces}, {@code answer})
   * @param out the model folder to write
   * @param steps SSFT steps
   * @return the voted answer to "What is 83-47?"
   */
  public static ConsensusResult run(Path base, Path traces, Path out, int steps) {
    Path model = ParallelReasoner.finetune(base)
        .ssft(traces, TrainingConfig.builder().steps(steps).tags(6).build())
        .gfpo(traces, GfpoConfig.builder().steps(Math.max(1, steps / 10)).groupSize(4).questionsPerStep(2)
            .rollout(GenerationOptions.DEFAULT.withMaxNewTokens(32)).build())
        .listener(event -> {
          if (event instanceof TrainingEvent.StepCompleted step) {
            System.out.printf("%s %d/%d loss %.4f%n", step.stage(), step.step(), step.totalSteps(), step.loss());
          }
        })
        .exportOnnx(out);
    try (ParallelReasoner r = ParallelReasoner.load(model)) {
      return r.consensus("What is 83-47?", 6);
    }
  }

  /** @param args base checkpoint, traces, output folder, optionally steps (default 600) */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.out.println("usage: PipelineExample BASE_CHECKPOINT TRACES.jsonl OUT [STEPS]");
      return;
    }
    ConsensusResult result = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
        args.length > 3 ? Integer.parseInt(args[3]) : 600);
    System.out.println("answer: " + result.answerText() + " votes: " + result.votes());
  }
}
