package io.github.ssft4j.train.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.spi.ServiceLookup;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import io.github.ssft4j.train.internal.model.Refs;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported folders as the runtime sees them, and export of settings the fixtures do not have. */
class ExportedFolderTest {

  @Test
  void parallelReasonerLoadsTheExportAndDecodesGreedilyAsTransformers(@TempDir Path out) {
    // ParallelReasoner needs ssft-runtime-cuda's and ssft-voting's services; an isolated build of this module may
    // resolve placeholder or half-installed jars of those modules from the local repository (the reactor has both).
    String missing = null;
    try {
      if (ServiceLookup.all(AnswerExtractor.class, AnswerExtractor::priority).isEmpty()) {
        missing = "no AnswerExtractor (ssft-voting)";
      } else {
        InferenceBackend.findDefault();
      }
    } catch (ServiceConfigurationError | ModelLoadException e) {
      missing = "no usable InferenceBackend (ssft-runtime-cuda): " + e.getMessage();
    }
    if (missing != null) {
      System.out.println("[skip] " + missing + "; build the reactor");
    }
    Assumptions.assumeTrue(missing == null, String.valueOf(missing));
    Refs refs = Refs.tiny();
    Qwen2OnnxExporter.export(refs.hf(), out, ExportOptions.DEFAULT);
    JsonNode p = refs.json().get("prompts").get(1);
    try (ParallelReasoner r = ParallelReasoner.builder(out)
        .generation(GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(40)).build()) {
      Trace t = r.generate(p.get("question").asText(), p.get("tag").asInt());
      assertArrayEquals(Refs.longs(p.get("greedy_new_ids")),
          t.tokenIds().stream().mapToLong(Number::longValue).toArray());
    }
  }

  /**
   * A checkpoint unlike the fixtures: tied head, multi-query attention, top-level {@code rope_theta} of 1e6, BF16
   * weights. DJL and the ONNX export must agree.
   */
  @Test
  void tiedMultiQueryBf16CheckpointExportsConsistently(@TempDir Path hf, @TempDir Path out) throws Exception {
    Fixtures.copyOf(Refs.tiny().hf(), hf);
    Map<String, FloatTensor> t = new LinkedHashMap<>(Safetensors.readAll(hf.resolve("model.safetensors")));
    t.remove("lm_head.weight");
    for (String k : Map.copyOf(t).keySet()) {
      if (k.contains("k_proj") || k.contains("v_proj")) {
        FloatTensor w = t.get(k);
        long[] s = w.shape();
        int rowLen = s.length == 2 ? (int) s[1] : 1;
        float[] first = java.util.Arrays.copyOf(w.data(), 16 * rowLen); // kv head 0 only
        t.put(k, new FloatTensor(s.length == 2 ? new long[] {16, s[1]} : new long[] {16}, first));
      }
    }
    writeBf16(hf.resolve("model.safetensors"), t);
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = (ObjectNode) json.readTree(hf.resolve("config.json").toFile());
    cfg.remove("rope_parameters");
    cfg.put("rope_theta", 1_000_000.0);
    cfg.put("tie_word_embeddings", true);
    cfg.put("num_key_value_heads", 1);
    cfg.put("torch_dtype", "bfloat16");
    Files.write(hf.resolve("config.json"), json.writeValueAsBytes(cfg));

    long[] ids = Refs.longs(Refs.tiny().json().get("prompts").get(0).get("prompt_ids"));
    float[] djl;
    try (Qwen2Model m = Qwen2Model.load(hf)) {
      assertEquals(1, m.config().numKeyValueHeads());
      assertEquals(1e6, m.config().ropeTheta());
      try (NDManager sub = m.manager().newSubManager()) {
        long[] pos = new long[ids.length];
        for (int i = 0; i < pos.length; i++) {
          pos[i] = i;
        }
        djl = m.forward(sub.create(ids, new Shape(1, ids.length)), sub.create(pos, new Shape(1, ids.length)), null)
            .toFloatArray();
      }
    }
    Qwen2OnnxExporter.export(hf, out, ExportOptions.DEFAULT);
    Qwen2Config c = Qwen2Config.fromJson(out.resolve("config.json"));
    try (OrtDecoder dec = new OrtDecoder(out.resolve("model.onnx"), c.numHiddenLayers(), 1, c.headDim())) {
      long[] pos = new long[ids.length];
      long[] mask = new long[ids.length];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = i;
        mask[i] = 1;
      }
      float[] ort = dec.step(new long[][] {ids}, new long[][] {mask}, new long[][] {pos});
      double max = 0;
      for (int i = 0; i < ort.length; i++) {
        max = Math.max(max, Math.abs(ort[i] - djl[i]));
      }
      System.out.printf("[conformance] tied/MQA/rope_theta=1e6/BF16 variant: DJL vs ORT export max abs diff %.3g%n",
          max);
      assertTrue(max < 1e-4, "max abs diff " + max);
    }
  }

  /** Writes BF16 safetensors (round to nearest even), as bfloat16 checkpoints are stored. */
  private static void writeBf16(Path file, Map<String, FloatTensor> tensors) throws Exception {
    StringBuilder h = new StringBuilder("{");
    long off = 0;
    for (var e : tensors.entrySet()) {
      long n = e.getValue().data().length * 2L;
      h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"BF16\",\"shape\":")
          .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", "")).append(",\"data_offsets\":[")
          .append(off).append(',').append(off + n).append("]}");
      off += n;
    }
    byte[] header = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
    Files.deleteIfExists(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
      f.write(header);
      for (FloatTensor t : tensors.values()) {
        ByteBuffer b = ByteBuffer.allocate(t.data().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) {
          int bits = Float.floatToIntBits(v);
          bits += 0x7fff + ((bits >>> 16) & 1);
          b.putShort((short) (bits >>> 16));
        }
        f.write(b.array());
      }
    }
  }
}
