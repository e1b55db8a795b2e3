package io.github.ssft4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new user's journey through the public API alone, on the tiny reference checkpoint: finetune (a few SSFT
 * steps, one GFPO step) -> export -> load -> consensus; run again, the finished stage is not repeated.
 */
class PipelineExampleTest {
  @Test
  void finetuneExportLoadConsensus(@TempDir Path tmp) throws Exception {
    Path base = Fixtures.model("qwen2-tiny").resolve("hf");
    Path traces = Fixtures.copyOf(Fixtures.subtractionSample(), tmp.resolve("traces.jsonl"));
    ConsensusResult result = PipelineExample.run(base, traces, tmp.resolve("my-model"), 3);
    assertEquals(6, result.branches().size());
    // After GFPO the model folder declares the model-chosen policy: the six tags are drawn from its fork distribution.
    assertTrue(result.forkDistribution().isPresent(), "a GFPO model reports the fork distribution it drew from");
    assertTrue(result.branches().stream().allMatch(b -> b.trace().tagIndex() >= 1 && b.trace().tagIndex() <= 6),
        result.branches().toString());
    assertTrue(Files.isRegularFile(tmp.resolve("my-model/model.onnx")));
    assertTrue(Files.isRegularFile(tmp.resolve("my-model.training/1-ssft/model/model.safetensors")));
    assertTrue(Files.isRegularFile(tmp.resolve("my-model.training/2-gfpo/model/model.safetensors")));
    assertTrue(Files.isRegularFile(tmp.resolve("my-model.training/2-gfpo/gfpo.jsonl")));

    // The same output again: the finished SSFT stage is skipped, the export redone.
    List<TrainingEvent> events = new ArrayList<>();
    Path again = ParallelReasoner.finetune(base)
        .ssft(traces, TrainingConfig.builder().steps(3).tags(6).build())
        .listener(events::add)
        .exportOnnx(tmp.resolve("my-model"));
    assertEquals(tmp.resolve("my-model"), again);
    assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.StageFinished f && f.skipped()), events.toString());
    assertFalse(events.stream().anyMatch(e -> e instanceof TrainingEvent.StepCompleted), events.toString());

    // Other settings on the same output are refused, naming the folder.
    TrainingException e = assertThrows(TrainingException.class, () -> ParallelReasoner.finetune(base)
        .ssft(traces, TrainingConfig.builder().steps(4).tags(6).build()).exportOnnx(tmp.resolve("my-model")));
    assertTrue(e.getMessage().contains("1-ssft"), e.getMessage());
  }

  @Test
  void exportAloneTurnsACheckpointIntoAModelFolder(@TempDir Path tmp) {
    Path model = ParallelReasoner.finetune(Fixtures.model("qwen2-tiny").resolve("hf")).exportOnnx(tmp.resolve("m"));
    try (ParallelReasoner r = ParallelReasoner.load(model)) {
      assertEquals(2, r.consensus("What is 2+2?", 2).branches().size());
    }
  }
}
