package io.github.ssft4j.train.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import ai.djl.ndarray.NDArray;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import java.util.Map;
import io.github.ssft4j.train.internal.model.Refs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java-exported decoder, run by ONNX Runtime, against the transformers references: teacher-forced logits
 * through prefill and token-by-token decode, greedy ids of all 9 prompts, and the left-padded six-tag batch.
 */
class Qwen2OnnxExporterTest {

  @Test
  void tinyExportReproducesTransformers(@TempDir Path out) throws Exception {
    check(Refs.tiny(), out, false);
  }

  @Test
  void smallExportReproducesTransformers(@TempDir Path out) throws Exception {
    check(Refs.small(), out, false);
  }

  @Test
  void lastPositionLogitsOnly(@TempDir Path out) throws Exception {
    check(Refs.tiny(), out, true);
  }

  @Test
  void externalDataAndExportFromTheDjlModel(@TempDir Path out) throws Exception {
    Refs refs = Refs.tiny();
    try (Qwen2Model model = Qwen2Model.load(refs.hf())) {
      // force external data (normally above 1.8 GB) to exercise that layout on a small model
      Map<String, NDArray> params = model.parameters();
      Qwen2OnnxExporter.writeOnnx(model.config(), params.keySet(),
          n -> new FloatTensor(params.get(n).getShape().getShape(), params.get(n).toFloatArray()), out,
          ExportOptions.DEFAULT, 0);
      model.saveConfigAndTokenizer(out);
    }
    assertTrue(Files.size(out.resolve(Qwen2OnnxExporter.DATA_FILE)) > 800_000);
    assertTrue(Files.size(out.resolve("model.onnx")) < 100_000);
    JsonNode p = refs.json().get("prompts").get(4);
    long[] prompt = Refs.longs(p.get("prompt_ids"));
    FloatTensor ref = refs.tensors().get("logits." + p.get("key").asText());
    Qwen2Config cfg = Qwen2Config.fromJson(out.resolve("config.json"));
    try (OrtDecoder dec = new OrtDecoder(out.resolve("model.onnx"), 2, 2, 16)) {
      long[] pos = new long[prompt.length];
      long[] mask = new long[prompt.length];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = i;
        mask[i] = 1;
      }
      float[] logits = dec.step(new long[][] {prompt}, new long[][] {mask}, new long[][] {pos});
      double max = 0;
      for (int r = 0; r < prompt.length; r++) {
        max = Math.max(max, rowDiff(logits, r, ref, r, cfg.vocabSize()));
      }
      assertTrue(max < 1e-4, "external-data export: max abs diff " + max);
    }
    // the same from the in-memory model path with inline weights
    Path inline = out.resolve("inline");
    try (Qwen2Model model = Qwen2Model.load(refs.hf())) {
      Qwen2OnnxExporter.export(model, inline, ExportOptions.DEFAULT);
    }
    assertTrue(Files.exists(inline.resolve("model.onnx")) && Files.exists(inline.resolve("tokenizer.json")));
    assertTrue(!Files.exists(inline.resolve(Qwen2OnnxExporter.DATA_FILE)));
  }

  private static void check(Refs refs, Path out, boolean lastOnly) throws Exception {
    long t0 = System.nanoTime();
    Qwen2OnnxExporter.export(refs.hf(), out, new ExportOptions(lastOnly, 17));
    long exportMs = (System.nanoTime() - t0) / 1_000_000;
    for (String f : new String[] {"model.onnx", "config.json", "tokenizer.json", "tokenizer_config.json",
        "generation_config.json", "chat_template.jinja"}) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    Qwen2Config cfg = Qwen2Config.fromJson(out.resolve("config.json"));
    int vocab = cfg.vocabSize();
    double prefillMax = 0;
    double decodeMax = 0;
    for (JsonNode p : refs.json().get("prompts")) {
      long[] prompt = Refs.longs(p.get("prompt_ids"));
      long[] greedy = Refs.longs(p.get("greedy_new_ids"));
      FloatTensor ref = refs.tensors().get("logits." + p.get("key").asText());
      try (OrtDecoder dec = new OrtDecoder(out.resolve("model.onnx"), cfg.numHiddenLayers(),
          cfg.numKeyValueHeads(), cfg.headDim())) {
        long[] pos = new long[prompt.length];
        long[] mask = new long[prompt.length];
        for (int i = 0; i < pos.length; i++) {
          pos[i] = i;
          mask[i] = 1;
        }
        float[] logits = dec.step(new long[][] {prompt}, new long[][] {mask}, new long[][] {pos});
        int rows = lastOnly ? 1 : prompt.length;
        assertEquals(rows * vocab, logits.length);
        for (int r = 0; r < rows; r++) {
          int refRow = lastOnly ? prompt.length - 1 : r;
          prefillMax = Math.max(prefillMax, rowDiff(logits, r, ref, refRow, vocab));
        }
        List<Long> generated = new ArrayList<>();
        long next = argmax(logits, rows - 1, vocab);
        int len = prompt.length;
        while (true) {
          generated.add(next);
          if (next == 2 || generated.size() == greedy.length) {
            break;
          }
          len++;
          long[] m = new long[len];
          java.util.Arrays.fill(m, 1);
          logits = dec.step(new long[][] {{next}}, new long[][] {m}, new long[][] {{len - 1}});
          assertEquals(vocab, logits.length);
          decodeMax = Math.max(decodeMax, rowDiff(logits, 0, ref, len - 1, vocab));
          next = argmax(logits, 0, vocab);
        }
        assertArrayEquals(greedy, generated.stream().mapToLong(Long::longValue).toArray(), p.get("key").asText());
      }
    }
    System.out.printf("[conformance] %s ONNX export (lastOnly=%s) in %d ms; ORT vs transformers logits: prefill max "
        + "abs diff %.3g, decode max abs diff %.3g; greedy ids of %d prompts identical%n",
        refs.dir().getFileName(), lastOnly, exportMs, prefillMax, decodeMax, refs.json().get("prompts").size());
    assertTrue(prefillMax < 1e-4 && decodeMax < 1e-4, "prefill " + prefillMax + " decode " + decodeMax);
    if (!lastOnly) {
      batchedSixTags(refs, out, cfg);
    }
  }

  /** HF's left-padded greedy batch: positions are cumsum(mask) - 1, finished rows are filled with pad 0. */
  private static void batchedSixTags(Refs refs, Path out, Qwen2Config cfg) throws Exception {
    JsonNode bt = refs.json().get("batched_six_tags");
    int b = bt.get("left_padded_input_ids").size();
    long[][] ids = new long[b][];
    long[][] mask = new long[b][];
    long[][] pos = new long[b][];
    long[] lastPos = new long[b];
    for (int r = 0; r < b; r++) {
      ids[r] = Refs.longs(bt.get("left_padded_input_ids").get(r));
      mask[r] = Refs.longs(bt.get("attention_mask").get(r));
      pos[r] = new long[ids[r].length];
      long c = 0;
      for (int t = 0; t < ids[r].length; t++) {
        c += mask[r][t];
        pos[r][t] = mask[r][t] == 0 ? 1 : c - 1;
      }
      lastPos[r] = c - 1;
    }
    int steps = bt.get("new_ids").get(0).size();
    long[][] got = new long[b][steps];
    boolean[] done = new boolean[b];
    int vocab = cfg.vocabSize();
    try (OrtDecoder dec = new OrtDecoder(out.resolve("model.onnx"), cfg.numHiddenLayers(), cfg.numKeyValueHeads(),
        cfg.headDim())) {
      float[] logits = dec.step(ids, mask, pos);
      int s = ids[0].length;
      long[][] curMask = mask;
      for (int step = 0; step < steps; step++) {
        long[][] next = new long[b][1];
        for (int r = 0; r < b; r++) {
          int row = r * s + (s - 1);
          long tok = done[r] ? 0 : argmax(logits, row, vocab);
          got[r][step] = tok;
          done[r] |= tok == 2;
          next[r][0] = tok;
        }
        if (step == steps - 1) {
          break;
        }
        long[][] m2 = new long[b][];
        long[][] p2 = new long[b][1];
        for (int r = 0; r < b; r++) {
          m2[r] = java.util.Arrays.copyOf(curMask[r], curMask[r].length + 1);
          m2[r][m2[r].length - 1] = 1;
          p2[r][0] = ++lastPos[r];
        }
        curMask = m2;
        logits = dec.step(next, m2, p2);
        s = 1;
      }
    }
    for (int r = 0; r < b; r++) {
      assertArrayEquals(Refs.longs(bt.get("new_ids").get(r)), got[r], "batched row " + r);
    }
  }

  private static double rowDiff(float[] logits, int row, FloatTensor ref, int refRow, int vocab) {
    double max = 0;
    for (int v = 0; v < vocab; v++) {
      max = Math.max(max, Math.abs(logits[row * vocab + v] - ref.data()[refRow * vocab + v]));
    }
    return max;
  }

  private static long argmax(float[] logits, int row, int vocab) {
    int best = 0;
    for (int v = 1; v < vocab; v++) {
      if (logits[row * vocab + v] > logits[row * vocab + best]) {
        best = v;
      }
    }
    return best;
  }
}
