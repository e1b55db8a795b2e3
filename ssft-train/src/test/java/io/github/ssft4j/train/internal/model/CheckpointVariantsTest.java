package io.github.ssft4j.train.internal.model;

import static io.github.ssft4j.train.internal.model.ModelTesting.logits;
import static io.github.ssft4j.train.internal.model.ModelTesting.maxAbsDiff;
import static io.github.ssft4j.train.internal.model.ModelTesting.variant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.HfCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading settings the fixtures do not cover, checked by equivalence with qwen2-tiny (itself checked against
 * transformers): top-level rope_theta, tied head, multi-query and full multi-head attention, sharded weights,
 * save/reload.
 */
class CheckpointVariantsTest {
  static long[] ids;
  static float[] reference;

  @BeforeAll
  static void tinyLogits() {
    ids = ModelTesting.q0PromptIds();
    try (Qwen2Model m = Qwen2Model.load(ModelTesting.tinyHf())) {
      reference = logits(m, ids);
    }
  }

  @Test
  void topLevelRopeTheta(@TempDir Path dir) throws Exception {
    variant(dir, t -> {}, c -> {
      c.remove("rope_parameters");
      c.put("rope_theta", 10000.0);
    });
    try (Qwen2Model m = Qwen2Model.load(dir)) {
      assertArrayEquals(reference, logits(m, ids));
    }
    variant(dir, t -> {}, c -> c.put("rope_theta", 500.0));
    try (Qwen2Model m = Qwen2Model.load(dir)) {
      assertEquals(500.0, m.config().ropeTheta());
      assertTrue(maxAbsDiff(reference, logits(m, ids)) > 1e-3, "rope_theta must matter");
    }
  }

  @Test
  void tiedHeadUsesTheEmbedding(@TempDir Path untied, @TempDir Path tied) throws Exception {
    variant(untied, t -> t.put("lm_head.weight", t.get("model.embed_tokens.weight")), c -> {});
    variant(tied, t -> t.remove("lm_head.weight"), c -> c.put("tie_word_embeddings", true));
    try (Qwen2Model a = Qwen2Model.load(untied);
        Qwen2Model b = Qwen2Model.load(tied)) {
      assertFalse(b.parameters().containsKey("lm_head.weight"));
      assertArrayEquals(logits(a, ids), logits(b, ids));
    }
  }

  @Test
  void groupedQueryMatchesExpandedMultiHead(@TempDir Path dir) throws Exception {
    // kv head g serves query heads g*2, g*2+1 (transformers' repeat_kv): replicate each into full multi-head
    variant(dir, t -> expandKv(t, 2, 4, h -> h / 2), c -> c.put("num_key_value_heads", 4));
    try (Qwen2Model m = Qwen2Model.load(dir)) {
      assertTrue(maxAbsDiff(reference, logits(m, ids)) < 1e-5);
    }
  }

  @Test
  void multiQueryMatchesExpandedMultiHead(@TempDir Path mqa, @TempDir Path mha) throws Exception {
    variant(mqa, t -> expandKv(t, 2, 1, h -> 0), c -> c.put("num_key_value_heads", 1));
    variant(mha, t -> expandKv(t, 2, 4, h -> 0), c -> c.put("num_key_value_heads", 4));
    try (Qwen2Model a = Qwen2Model.load(mqa);
        Qwen2Model b = Qwen2Model.load(mha)) {
      assertEquals(1, a.config().numKeyValueHeads());
      float[] la = logits(a, ids);
      assertTrue(maxAbsDiff(la, logits(b, ids)) < 1e-5);
      assertTrue(maxAbsDiff(la, reference) > 1e-3, "dropping a kv head must change the output");
    }
  }

  /** Rebuilds k/v projections of {@code from} kv heads as {@code to} heads, head h copying source head src(h). */
  private static void expandKv(Map<String, FloatTensor> t, int from, int to,
      java.util.function.IntUnaryOperator src) {
    int hd = 16;
    for (String k : Map.copyOf(t).keySet()) {
      if (k.contains("k_proj") || k.contains("v_proj")) {
        FloatTensor w = t.get(k);
        long[] s = w.shape();
        int cols = s.length == 2 ? (int) s[1] : 1;
        float[] out = new float[to * hd * cols];
        for (int h = 0; h < to; h++) {
          System.arraycopy(w.data(), src.applyAsInt(h) * hd * cols, out, h * hd * cols, hd * cols);
        }
        t.put(k, new FloatTensor(s.length == 2 ? new long[] {to * hd, cols} : new long[] {to * hd}, out));
      }
    }
  }

  @Test
  void shardedSaveReloadsIdentically(@TempDir Path dir) throws Exception {
    try (Qwen2Model m = Qwen2Model.load(ModelTesting.tinyHf())) {
      Files.createDirectories(dir);
      HfCheckpoint.write(dir, m.tensors(), 100_000);
      Fixtures.copyOf(ModelTesting.tinyHf().resolve("config.json"), dir.resolve("config.json"));
      assertTrue(Files.exists(dir.resolve(HfCheckpoint.INDEX)));
      assertFalse(Files.exists(dir.resolve(HfCheckpoint.SINGLE)));
      try (var s = Files.list(dir)) {
        assertTrue(s.filter(p -> p.getFileName().toString().startsWith("model-000")).count() > 2);
      }
      try (Qwen2Model r = Qwen2Model.load(dir)) {
        assertArrayEquals(reference, logits(r, ids));
      }
    }
  }

  @Test
  void saveWritesAnHfFolderThatReloadsIdentically(@TempDir Path dir) throws Exception {
    try (Qwen2Model m = Qwen2Model.load(ModelTesting.tinyHf())) {
      m.save(dir);
    }
    for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "generation_config.json", "chat_template.jinja"}) {
      assertTrue(Files.exists(dir.resolve(f)), f);
    }
    try (var s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
    try (Qwen2Model r = Qwen2Model.load(dir)) {
      assertArrayEquals(reference, logits(r, ids));
      assertEquals(ModelTesting.JSON.readTree(ModelTesting.tinyHf().resolve("config.json").toFile())
          .get("rope_parameters"), ModelTesting.JSON.readTree(dir.resolve("config.json").toFile())
          .get("rope_parameters"));
    }
  }

  @Test
  void missingOrMisshapenTensorsNameTheCulprit(@TempDir Path a, @TempDir Path b) throws Exception {
    variant(a, t -> t.remove("model.layers.1.mlp.up_proj.weight"), c -> {});
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> Qwen2Model.load(a));
    assertTrue(e.getMessage().contains("model.layers.1.mlp.up_proj.weight"), e.getMessage());
    variant(b, t -> {}, c -> c.put("intermediate_size", 100));
    e = assertThrows(ModelLoadException.class, () -> Qwen2Model.load(b));
    assertTrue(e.getMessage().contains("gate_proj") && e.getMessage().contains("model.safetensors"), e.getMessage());
  }

  /** Local alias so the tests read naturally. */
  private static final class Fixtures {
    static void copyOf(Path s, Path t) {
      io.github.ssft4j.testkit.Fixtures.copyOf(s, t);
    }
  }
}
