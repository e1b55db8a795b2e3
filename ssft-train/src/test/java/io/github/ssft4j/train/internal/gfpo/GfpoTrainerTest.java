package io.github.ssft4j.train.internal.gfpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.runtime.internal.SsftSettings;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GFPO loop's mechanics on qwen2-tiny with real rollouts: step log, model folder, resume, GRPO scope. */
class GfpoTrainerTest {
  @TempDir static Path tmp;
  static Path hf;
  static Path data;

  @BeforeAll
  static void setUp() throws Exception {
    hf = Fixtures.model("qwen2-tiny").resolve("hf");
    // Addition, which the tiny model was trained on: right under some tags, wrong under others.
    data = tmp.resolve("train.jsonl");
    StringBuilder lines = new StringBuilder();
    int[][] pairs = {{37, 48}, {12, 19}, {25, 36}, {44, 29}, {58, 17}, {63, 28}};
    for (int[] p : pairs) {
      lines.append("{\"question\": \"What is ").append(p[0]).append('+').append(p[1]).append("?\", \"answer\": \"")
          .append(p[0] + p[1]).append("\"}\n");
    }
    Files.writeString(data, lines);
  }

  static GfpoConfig.Builder config(int steps) {
    return GfpoConfig.builder().steps(steps).questionsPerStep(2).groupSize(4).learningRate(1e-2).formatPenalty(1)
        .checkpointEvery(0).seed(5)
        .rollout(GenerationOptions.DEFAULT.withTemperature(1.0).withTopP(1.0).withMaxNewTokens(48));
  }

  static TrainingSummary train(GfpoConfig config, Path out) {
    return new GfpoTrainer(config, RuntimeOptions.DEFAULT, TrainingListener.NONE).train(hf, data, out);
  }

  @Test
  void stepsAreLoggedAndTheModelDeclaresItChoosesItsTags() throws Exception {
    Path out = tmp.resolve("run");
    TrainingSummary s = train(config(2).build(), out);
    assertEquals(2, s.steps());
    assertTrue(Files.isRegularFile(out.resolve("model/model.safetensors")));
    assertEquals(Optional.of(TagSchedule.MODEL_CHOSEN), SsftSettings.read(out.resolve("model")).tagPolicy());
    List<String> lines = Files.readAllLines(out.resolve("gfpo.jsonl"));
    assertEquals(2, lines.size());
    JsonNode step = new ObjectMapper().readTree(lines.get(1));
    assertEquals(2, step.get("step").asInt());
    assertEquals(2, step.get("questions").size());
    JsonNode q = step.get("questions").get(0);
    assertEquals(4, q.get("tags").size());
    assertEquals(6, q.get("policy").size());
    double sum = 0;
    for (JsonNode p : q.get("policy")) {
      sum += p.asDouble();
    }
    assertEquals(1, sum, 1e-3);
    long drawn = 0;
    for (JsonNode c : step.get("tagCounts")) {
      drawn += c.asLong();
    }
    assertEquals(8, drawn);
    double entropy = step.get("entropy").asDouble();
    assertTrue(entropy > 0 && entropy <= Math.log(6) + 1e-9, "entropy " + entropy);
    for (String t : List.of("exportMillis", "policyMillis", "rolloutMillis", "updateMillis")) {
      assertTrue(step.get(t).asDouble() > 0, t);
    }
  }

  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() {
    Path straight = tmp.resolve("straight");
    train(config(3).build(), straight);
    Path resumed = tmp.resolve("resumed");
    train(config(2).checkpointEvery(1).build(), resumed); // leaves checkpoints/step-000001
    TrainingSummary s = train(config(3).checkpointEvery(1).build(), resumed);
    assertEquals(3, s.steps());
    Map<String, FloatTensor> a = Safetensors.readAll(straight.resolve("model/model.safetensors"));
    Map<String, FloatTensor> b = Safetensors.readAll(resumed.resolve("model/model.safetensors"));
    boolean changed = false;
    Map<String, FloatTensor> base = Safetensors.readAll(hf.resolve("model.safetensors"));
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).data(), b.get(k).data(), 1e-6f, k);
      changed |= !java.util.Arrays.equals(a.get(k).data(), base.get(k).data());
    }
    assertTrue(changed, "three steps with non-zero advantages must move the weights");
    assertThrows(TrainingException.class, () -> train(config(4).seed(6).build(), resumed),
        "a checkpoint of another seed is not silently resumed");
  }

  @Test
  void trainingTheHeadMovesOnlyTheTagsOutputRows() {
    Path out = tmp.resolve("head");
    train(config(2).trainable(GfpoConfig.Trainable.HEAD).build(), out);
    Map<String, FloatTensor> base = Safetensors.readAll(hf.resolve("model.safetensors"));
    Map<String, FloatTensor> after = Safetensors.readAll(out.resolve("model/model.safetensors"));
    for (String k : base.keySet()) {
      if (!k.equals("lm_head.weight")) {
        assertArrayEquals(base.get(k).data(), after.get(k).data(), 0f, k + " must not move");
      }
    }
    float[] a = base.get("lm_head.weight").data();
    float[] b = after.get("lm_head.weight").data();
    int hidden = (int) base.get("lm_head.weight").shape()[1];
    java.util.Set<Integer> moved = new java.util.TreeSet<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        moved.add(i / hidden);
      }
    }
    // <think1>..<think6> are ids 3..8 in the fixture's tokenizer.
    assertTrue(!moved.isEmpty() && java.util.Set.of(3, 4, 5, 6, 7, 8).containsAll(moved), "rows moved: " + moved);
  }

  @Test
  void plainGrpoTrainsEveryCompletionToken() throws Exception {
    Path out = tmp.resolve("grpo");
    GfpoTrainer trainer = new GfpoTrainer(config(2).scope(GfpoConfig.Scope.FULL).lossType(GfpoConfig.LossType.GRPO)
        .build(), RuntimeOptions.DEFAULT, TrainingListener.NONE);
    assertEquals("GRPO", trainer.method());
    TrainingSummary s = trainer.train(hf, data, out);
    assertTrue(Double.isFinite(s.finalLoss()));
    assertEquals(2, Files.readAllLines(out.resolve("gfpo.jsonl")).size());
  }
}
