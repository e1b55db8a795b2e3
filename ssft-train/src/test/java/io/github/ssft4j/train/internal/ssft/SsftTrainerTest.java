package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingConfig.Packing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import io.github.ssft4j.testkit.Fixtures;
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
    Fixtures.copyOf(Fixtures.subtractionSample(), data);
    trainEachMethodOnce();
  }

  static TrainingConfig config(TrainingMethod method, int steps, int checkpointEvery) {
    return TrainingConfig.builder().method(method).steps(steps).batchSize(2).accumulation(2).learningRate(1e-3)
        .warmupSteps(1).maxSeqLen(128).checkpointEvery(checkpointEvery).seed(11L).build();
  }

  static TrainingListener quiet() {
    return TrainingListener.NONE;
  }

  /** One run of each method, 4 steps with a checkpoint after step 2, shared by the tests below. */
  static Path run(TrainingMethod method) {
    return shared.resolve("runs").resolve(method.name());
  }

  static void trainEachMethodOnce() {
    for (TrainingMethod method : TrainingMethod.values()) {
      TrainingSummary s = new SsftTrainer(config(method, 4, 2), quiet()).train(hf, data, run(method));
      assertEquals(4, s.steps());
      assertTrue(Double.isFinite(s.finalLoss()) && s.finalLoss() > 0, method + " loss " + s.finalLoss());
    }
  }

  @Test
  void everyMethodTrainsAndLogsItsTags() throws Exception {
    for (TrainingMethod method : TrainingMethod.values()) {
      Path dir = run(method);
      assertTrue(Files.isRegularFile(dir.resolve("model/config.json")));
      assertTrue(Files.isRegularFile(dir.resolve("model/tokenizer.json")));
      List<String> lines = Files.readAllLines(dir.resolve("matching.jsonl"));
      assertEquals(4, lines.size());
      com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(dir.resolve("matching-summary.json").toFile());
      // 4 steps x 2 micro-batches x 2 questions x 5 traces = 80 assignments
      long total = 0;
      for (com.fasterxml.jackson.databind.JsonNode row : summary.get("counts")) {
        for (com.fasterxml.jackson.databind.JsonNode c : row) {
          total += c.asLong();
        }
      }
      assertEquals(80, total, method + " " + summary);
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
    new SsftTrainer(config(TrainingMethod.SSFT, 4, 2), quiet()).train(hf, data, out);
    Map<String, FloatTensor> base = Safetensors.readAll(hf.resolve("model.safetensors"));
    Map<String, FloatTensor> a = Safetensors.readAll(run(TrainingMethod.SSFT).resolve("model/model.safetensors"));
    Map<String, FloatTensor> b = Safetensors.readAll(out.resolve("model/model.safetensors"));
    String name = "model.layers.0.self_attn.q_proj.weight";
    assertArrayEquals(a.get(name).data(), b.get(name).data());
    assertFalse(java.util.Arrays.equals(base.get(name).data(), a.get(name).data()));
  }

  @Test
  void resumedRunEqualsUninterruptedRun(@TempDir Path out) throws Exception {
    Path straight = run(TrainingMethod.RANDOM_TAGS);
    Path ckpt = straight.resolve("checkpoints/step-000002");
    assertTrue(Files.isRegularFile(ckpt.resolve("state.json")));
    assertTrue(Files.isRegularFile(ckpt.resolve("optimizer.safetensors")));
    // a run that stopped after step 2: only its checkpoint is left; resuming redoes steps 3 and 4
    Fixtures.copyOf(straight.resolve("checkpoints"), out.resolve("checkpoints"));
    TrainingSummary s = new SsftTrainer(config(TrainingMethod.RANDOM_TAGS, 4, 2), quiet())
        .train(hf, data, out);
    assertEquals(4, s.steps());
    assertEquals(2, Files.readAllLines(out.resolve("matching.jsonl")).size());
    for (String name : List.of("model.layers.1.mlp.down_proj.weight", "model.embed_tokens.weight")) {
      float[] expected = Safetensors.readAll(straight.resolve("model/model.safetensors")).get(name).data();
      float[] again = Safetensors.readAll(out.resolve("model/model.safetensors")).get(name).data();
      assertArrayEquals(expected, again, name);
    }
  }

  @Test
  void aRunKilledAfterItsFirstCheckpointResumesPastPruningToACompleteModel(@TempDir Path tmp) throws Exception {
    TrainingConfig cfg = config(TrainingMethod.SFT_MIXED, 16, 5);
    Path straight = tmp.resolve("straight");
    new SsftTrainer(cfg, quiet()).train(hf, data, straight);
    // A run that dies during step 8 (its model fails on the 15th forward: two micro-batches a step) leaves the
    // step-5 checkpoint and seven log lines; a kill -9 could also leave the last line cut, a half-written
    // checkpoint folder and a half-written final model.
    Path out = Files.createDirectories(tmp.resolve("killed"));
    try (var encoder = io.github.ssft4j.train.internal.data.ExampleEncoder.load(hf, ForkingTokens.DEFAULT);
        CausalLm dying = new Dying(Qwen2CausalLm.load(hf), 15)) {
      var records = encoder.encodeAll(io.github.ssft4j.train.internal.data.JsonlDataset.read(data, 6));
      assertThrows(IllegalStateException.class, () -> new SsftTrainer(cfg, quiet()).train(dying, records, out, null));
    }
    assertTrue(Files.isRegularFile(out.resolve("checkpoints/step-000005/state.json")));
    assertEquals(7, Files.readAllLines(out.resolve("matching.jsonl")).size());
    Files.createDirectories(out.resolve("checkpoints/.tmp-step-000010/model"));
    Files.createDirectories(out.resolve(".tmp-model"));
    List<String> log = Files.readAllLines(straight.resolve("matching.jsonl"));
    Files.write(out.resolve("matching.jsonl"), (String.join("\n", log.subList(0, 6)) + "\n"
        + log.get(6).substring(0, 20)).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    // Resumed from step 5, it writes the checkpoints of steps 10 and 15, pruning step 5 it was loaded from.
    new SsftTrainer(cfg, quiet()).train(hf, data, out);
    assertTrue(Files.notExists(out.resolve("checkpoints/step-000005")), "pruned");
    for (String file : List.of("config.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
        "generation_config.json", "model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(straight.resolve("model").resolve(file)),
          Files.readAllBytes(out.resolve("model").resolve(file)), file + " as in the uninterrupted run");
    }
    try (var loaded = io.github.ssft4j.train.internal.model.Qwen2Model.load(out.resolve("model"))) {
      assertEquals(2, loaded.config().numHiddenLayers());
    }
    assertEquals(log, Files.readAllLines(out.resolve("matching.jsonl")), "steps 1..16 once each");
    try (var walk = Files.walk(out)) {
      assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
          "no temporary folder is left");
    }
  }

  /** A model that fails on its n-th forward pass, as a process killed mid-step would stop. */
  private static final class Dying implements CausalLm {
    private final CausalLm model;
    private int left;

    Dying(CausalLm model, int n) {
      this.model = model;
      this.left = n;
    }

    @Override
    public ai.djl.ndarray.NDManager manager() {
      return model.manager();
    }

    @Override
    public Map<String, ai.djl.ndarray.NDArray> parameters() {
      return model.parameters();
    }

    @Override
    public ai.djl.ndarray.NDArray forward(ai.djl.ndarray.NDArray ids, ai.djl.ndarray.NDArray positions,
        ai.djl.ndarray.NDArray bias) {
      if (--left == 0) {
        throw new IllegalStateException("killed");
      }
      return model.forward(ids, positions, bias);
    }

    @Override
    public void save(Path outDir) {
      model.save(outDir);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  @Test
  void checkpointOfAnotherMethodIsRefused() {
    TrainingException e = assertThrows(TrainingException.class,
        () -> new SsftTrainer(config(TrainingMethod.SSFT, 4, 0), quiet()).train(hf, data, run(TrainingMethod.SFT_MIXED)));
    assertTrue(e.getMessage().contains("state.json") && e.getMessage().contains("SFT_MIXED"), e.getMessage());
  }

  @Test
  void trainerIsFoundThroughServiceLoaderAndReportsEveryStep(@TempDir Path out) {
    ModelTrainer trainer = ModelTrainer.findDefault();
    assertEquals("djl", trainer.name());
    List<TrainingEvent> events = new java.util.ArrayList<>();
    TrainingSummary s = trainer.finetune(hf, data, out, TrainingConfig.builder().method(TrainingMethod.SFT_MIXED)
        .steps(3).batchSize(2).checkpointEvery(2).seed(1L).build(), events::add);
    assertNotEquals(0, s.seconds());
    assertTrue(Files.isDirectory(s.checkpoint()));
    assertTrue(events.get(0) instanceof TrainingEvent.StageStarted started && started.totalSteps() == 3, events.toString());
    List<Integer> steps = events.stream().filter(e -> e instanceof TrainingEvent.StepCompleted)
        .map(e -> ((TrainingEvent.StepCompleted) e).step()).toList();
    assertEquals(List.of(1, 2, 3), steps);
    assertTrue(events.stream().anyMatch(e -> e instanceof TrainingEvent.CheckpointSaved c && c.step() == 2));
  }
}
