package io.github.ssft4j.train.internal.model;

import static io.github.ssft4j.train.internal.model.ModelTesting.logits;
import static io.github.ssft4j.train.internal.model.ModelTesting.variant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkingTokenInstallerTest {

  /**
   * A base model without {@code <thinkI>} tokens made from qwen2-tiny: the six tag tokens (ids 3..8) are dropped from
   * the tokenizer and their rows from the embedding and head, later ids move down by 6 (835 tokens, contiguous ids);
   * with {@code fullVocab} the embedding has exactly 835 rows, else 1018 (with padding rows).
   */
  private static Path baseWithoutTags(Path dir, boolean fullVocab) throws Exception {
    int rows = fullVocab ? 835 : 1018;
    variant(dir, t -> {
      t.put("model.embed_tokens.weight", dropTagRows(t.get("model.embed_tokens.weight"), rows));
      t.put("lm_head.weight", dropTagRows(t.get("lm_head.weight"), rows));
    }, c -> c.put("vocab_size", rows));
    ObjectNode tok = (ObjectNode) ModelTesting.JSON.readTree(dir.resolve("tokenizer.json").toFile());
    for (Iterator<JsonNode> it = tok.withArray("added_tokens").elements(); it.hasNext(); ) {
      if (it.next().get("content").asText().startsWith("<think")) {
        it.remove();
      }
    }
    ObjectNode vocab = (ObjectNode) tok.get("model").get("vocab");
    for (int i = 1; i <= 6; i++) {
      vocab.remove("<think" + i + ">");
    }
    vocab.properties().forEach(f -> {
      if (f.getValue().asInt() > 8) {
        f.setValue(vocab.numberNode(f.getValue().asInt() - 6));
      }
    });
    Files.write(dir.resolve("tokenizer.json"), ModelTesting.JSON.writeValueAsBytes(tok));
    ObjectNode tc = (ObjectNode) ModelTesting.JSON.readTree(dir.resolve("tokenizer_config.json").toFile());
    ArrayNode extra = tc.putArray("extra_special_tokens");
    extra.add("<|im_start|>").add("<|im_end|>");
    Files.write(dir.resolve("tokenizer_config.json"), ModelTesting.JSON.writeValueAsBytes(tc));
    return dir;
  }

  /** Rows 0..2 and 9.. of {@code t}, cut to {@code n} rows. */
  private static FloatTensor dropTagRows(FloatTensor t, int n) {
    int d = (int) t.shape()[1];
    float[] out = new float[n * d];
    System.arraycopy(t.data(), 0, out, 0, 3 * d);
    System.arraycopy(t.data(), 9 * d, out, 3 * d, (n - 3) * d);
    return new FloatTensor(new long[] {n, d}, out);
  }

  /** Token ids of qwen2-tiny renumbered for the base without tags (ids above 8 move down by 6). */
  private static long[] renumber(long[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i] > 8 ? ids[i] - 6 : ids[i];
    }
    return out;
  }

  @Test
  void growsVocabularyKeepingOriginalIdsAndLogits(@TempDir Path base, @TempDir Path out) throws Exception {
    baseWithoutTags(base, true);
    long[] ids = ModelTesting.q0PromptIds();
    long[] plain = renumber(Arrays.copyOf(ids, ids.length - 2)); // without <think1>\n
    try (Qwen2Model m = Qwen2Model.load(base)) {
      float[] before = logits(m, plain);
      ForkingTokenInstaller.Installed inst = ForkingTokenInstaller.install(m, ForkingTokens.DEFAULT, 7);
      try (Qwen2Model g = inst.model()) {
        assertEquals(841, g.config().vocabSize());
        assertEquals(Map.of("<think1>", 835, "<think2>", 836, "<think3>", 837, "<think4>", 838, "<think5>", 839,
            "<think6>", 840), inst.added());
        assertEquals(1, inst.tokenIds().get("<|im_start|>"));
        float[] after = logits(g, plain);
        for (int t = 0; t < plain.length; t++) {
          assertArrayEquals(Arrays.copyOfRange(before, t * 835, t * 835 + 835),
              Arrays.copyOfRange(after, t * 841, t * 841 + 835), "position " + t);
        }
        // seeded: the same seed gives the same rows, another seed other rows
        try (Qwen2Model again = ForkingTokenInstaller.install(m, ForkingTokens.DEFAULT, 7).model();
            Qwen2Model other = ForkingTokenInstaller.install(m, ForkingTokens.DEFAULT, 8).model()) {
          assertEquals(g.tensors(), again.tensors());
          assertFalse(g.tensors().get("lm_head.weight").equals(other.tensors().get("lm_head.weight")));
        }
        g.save(out);
      }
    }
    try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(out.resolve("tokenizer.json"),
        Map.of("addSpecialTokens", "false"))) {
      long[] enc = tok.encode("<|im_start|><think3>\nSo").getIds();
      assertEquals(1, enc[0]);
      assertEquals(837, enc[1]);
      assertEquals(renumber(ids)[ids.length - 1], enc[2]);
    }
    JsonNode tc = ModelTesting.JSON.readTree(out.resolve("tokenizer_config.json").toFile());
    assertTrue(tc.get("extra_special_tokens").toString().contains("<think6>"));
    assertEquals(841, ModelTesting.JSON.readTree(out.resolve("config.json").toFile()).get("vocab_size").asInt());
    try (Qwen2Model r = Qwen2Model.load(out)) {
      assertEquals(841, r.config().vocabSize());
    }
  }

  @Test
  void usesPaddingRowsWhenTheyFit(@TempDir Path base) throws Exception {
    baseWithoutTags(base, false);
    long[] plain = renumber(Arrays.copyOf(ModelTesting.q0PromptIds(), 30));
    try (Qwen2Model m = Qwen2Model.load(base)) {
      float[] before = logits(m, plain);
      try (Qwen2Model g = ForkingTokenInstaller.install(m, ForkingTokens.of(3), 1).model()) {
        assertEquals(1018, g.config().vocabSize());
        float[] after = logits(g, plain);
        for (int t = 0; t < plain.length; t++) {
          for (int v = 0; v < 1018; v++) {
            if (v < 835 || v > 837) {
              assertEquals(before[t * 1018 + v], after[t * 1018 + v], "position " + t + " token " + v);
            }
          }
        }
      }
    }
  }

  @Test
  void modelThatHasTheTokensIsUnchanged() {
    try (Qwen2Model m = Qwen2Model.load(ModelTesting.tinyHf());
        Qwen2Model g = ForkingTokenInstaller.install(m, ForkingTokens.DEFAULT, 3).model()) {
      assertTrue(ForkingTokenInstaller.install(m, ForkingTokens.DEFAULT, 3).added().isEmpty());
      assertEquals(m.tensors(), g.tensors());
    }
  }
}
