package io.github.ssft4j.train.ssft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.spi.TrainingMethod;
import io.github.ssft4j.spi.TrainingRequest;
import io.github.ssft4j.spi.TrainingSummary;
import io.github.ssft4j.train.hf.FloatTensor;
import io.github.ssft4j.train.hf.Safetensors;
import io.github.ssft4j.train.task.SubtractionTask;
import io.github.ssft4j.testkit.Fixtures;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop's mechanics on qwen2-tiny: a few steps of each method, matching log, checkpoints, resume. */
class SsftTrainerTest {
  static Path hf;
  @TempDir static Path shared;
  static Path data;

  @BeforeAll
  static void setUp() {
    hf = Fixtures.model("qwen2-tiny").resolve("hf");
    data = shared.resolve("train.jsonl");
    SubtractionTask.write(data, SubtractionTask.generate(12, 3L, Set.of()));
  }

  static TrainerConfig config(TrainingMethod method, int steps) {
    return new TrainerConfig(method, ForkingTokens.DEFAULT, steps, 2, 2, 1e-3, 1, 0.1, 0.01, 1.0, 128, 0,
        Packing.SHARED_PROMPT, 1, 0, 11L, false);
  }

  static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }

  @Test
  void everyMethodTrainsAndLogsItsTags(@TempDir Path out) throws Exception {
    for (TrainingMethod method : TrainingMethod.values()) {
      Path dir = out.resolve(method.name());
      TrainingSummary s = new SsftTrainer(config(method, 3), quiet()).train(hf, data, dir);
      assertEquals(3, s.steps());
      assertTrue(Double.isFinite(s.finalLoss()) && s.finalLoss() > 0, method + " loss " + s.finalLoss());
      assertTrue(Files.isRegularFile(s.checkpoint().resolve("config.json")));
      assertTrue(Files.isRegularFile(s.checkpoint().resolve("tokenizer.json")));
      List<String> lines = Files.readAllLines(dir.resolve("matching.jsonl"));
      assertEquals(3, lines.size());
      com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(dir.resolve("matching-summary.json").toFile());
      // 3 steps x 2 micro-batches x 2 questions x 5 traces = 60 assignments
      long total = 0;
      for (com.fasterxml.jackson.databind.JsonNode row : summary.get("counts")) {
        for (com.fasterxml.jackson.databind.JsonNode c : row) {
          total += c.asLong();
        }
      }
      assertEquals(60, total, method + " " + summary);
      if (method == TrainingMethod.SFT_MIXED) {
        assertTrue(lines.get(0).contains("\"tags\":[[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]"), lines.get(0));
      } else {
        // one-to-one: five distinct tags per question
        String tags = lines.get(0).replaceAll(".*\"tags\":\\[\\[", "").replaceAll("]]}.*", "");
        for (String q : tags.split("\\],\\[")) {
          assertEquals(5, Set.of(q.split(",")).size(), method + " " + lines.get(0));
        }
      }
    }
  }

  @Test
  void trainingChangesWeightsAndIsDeterministic(@TempDir Path out) {
    new SsftTrainer(config(TrainingMethod.SSFT, 3), quiet()).train(hf, data, out.resolve("a"));
    new SsftTrainer(config(TrainingMethod.SSFT, 3), quiet()).train(hf, data, out.resolve("b"));
    Map<String, FloatTensor> base = Safetensors.readAll(hf.resolve("model.safetensors"));
    Map<String, FloatTensor> a = Safetensors.readAll(out.resolve("a/model/model.safetensors"));
    Map<String, FloatTensor> b = Safetensors.readAll(out.resolve("b/model/model.safetensors"));
    String name = "model.layers.0.self_attn.q_proj.weight";
    assertArrayEquals(a.get(name).data(), b.get(name).data());
    assertFalse(java.util.Arrays.equals(base.get(name).data(), a.get(name).data()));
  }

  @Test
  void resumedRunEqualsUninterruptedRun(@TempDir Path out) {
    TrainerConfig full = config(TrainingMethod.RANDOM_TAGS, 4);
    new SsftTrainer(full, quiet()).train(hf, data, out.resolve("straight"));
    // a full run leaves a step-2 checkpoint; a second call resumes from it and redoes steps 3 and 4
    Path resumed2 = out.resolve("resumed2");
    new SsftTrainer(full.withCheckpointEvery(2), quiet()).train(hf, data, resumed2);
    Path ckpt = resumed2.resolve("checkpoints/step-000002");
    assertTrue(Files.isDirectory(ckpt));
    TrainingSummary s = new SsftTrainer(full.withCheckpointEvery(2), quiet()).train(hf, data, resumed2);
    assertEquals(4, s.steps());
    String name = "model.layers.1.mlp.down_proj.weight";
    float[] straight = Safetensors.readAll(out.resolve("straight/model/model.safetensors")).get(name).data();
    float[] again = Safetensors.readAll(resumed2.resolve("model/model.safetensors")).get(name).data();
    assertArrayEquals(straight, again);
  }

  @Test
  void checkpointOfAnotherMethodIsRefused(@TempDir Path out) {
    new SsftTrainer(config(TrainingMethod.SFT_MIXED, 3).withCheckpointEvery(1), quiet()).train(hf, data, out);
    TrainingException e = assertThrows(TrainingException.class,
        () -> new SsftTrainer(config(TrainingMethod.SSFT, 3), quiet()).train(hf, data, out));
    assertTrue(e.getMessage().contains("state.json") && e.getMessage().contains("SFT_MIXED"), e.getMessage());
  }

  @Test
  void trainerIsFoundThroughServiceLoader(@TempDir Path out) {
    ModelTrainer trainer = ModelTrainer.findDefault();
    assertEquals("djl", trainer.name());
    TrainingSummary s = trainer.train(new TrainingRequest(TrainingMethod.SFT_MIXED, hf, data, out, 2, 2, 1e-3, 1L));
    assertNotEquals(0, s.seconds());
    assertTrue(Files.isDirectory(s.checkpoint()));
  }
}
