package io.github.ssft4j.train.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.FinishReason;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.Generation;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.runtime.internal.RunControls;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.train.internal.model.Refs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-place KV-cache export (attention over cache buffers the caller keeps, masked beyond each row's length;
 * the step returns only its new positions) against transformers: teacher-forced logits through prefill and
 * token-by-token decode, greedy ids of every prompt and of the six-tag batch through the runtime, and a prompt
 * longer than one prefill chunk against the concatenating export.
 */
class InPlaceExportTest {
  private static final GenerationOptions GREEDY = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(200);

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "small"})
  void inPlaceExportReproducesTransformers(String which, @TempDir Path tmp) throws Exception {
    Refs refs = which.equals("tiny") ? Refs.tiny() : Refs.small();
    Path dir = tmp.resolve("in-place");
    Qwen2OnnxExporter.export(refs.hf(), dir, new ExportOptions(false, 17, ExportOptions.KvCache.IN_PLACE));
    Qwen2Config cfg = Qwen2Config.fromJson(dir.resolve("config.json"));
    int vocab = cfg.vocabSize();
    double worst = 0;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString(),
        new OrtSession.SessionOptions())) {
      for (JsonNode p : refs.json().get("prompts")) {
        long[] prompt = Refs.longs(p.get("prompt_ids"));
        long[] greedy = Refs.longs(p.get("greedy_new_ids"));
        FloatTensor ref = refs.tensors().get("logits." + p.get("key").asText());
        try (SharedBuffers kv = new SharedBuffers(env, cfg, prompt.length + greedy.length)) {
          float[] logits = kv.step(session, prompt, 0);
          for (int r = 0; r < prompt.length; r++) {
            worst = Math.max(worst, rowDiff(logits, r, ref, r, vocab));
          }
          for (int j = 0; j < greedy.length; j++) {
            logits = kv.step(session, new long[] {greedy[j]}, prompt.length + j);
            worst = Math.max(worst, rowDiff(logits, 0, ref, prompt.length + j, vocab));
          }
        }
      }
    }
    System.out.printf("[conformance] %s in-place export: max abs logit difference vs transformers %.3g%n", which,
        worst);
    assertTrue(worst < 1e-4, "max abs logit difference " + worst);

    String system = refs.json().get("system_prompt").asText();
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      for (JsonNode p : refs.json().get("prompts")) {
        Prompt prompt = Prompt.question(system, p.get("question").asText());
        Trace trace = model.generate(new ForkRequest(prompt, List.of(p.get("tag").asInt()), GREEDY)).get(0);
        assertArrayEquals(Refs.longs(p.get("greedy_new_ids")), longs(trace.tokenIds()), p.get("key").asText());
        assertEquals(FinishReason.EOS, trace.finishReason());
      }
      JsonNode batch = refs.json().get("batched_six_tags");
      Prompt prompt = Prompt.question(system, batch.get("question").asText());
      for (double share : new double[] {0, 0.01}) {
        // Never shrinking, and compacting the shared buffers as soon as one row finishes.
        Generation g = model.run(new ForkRequest(prompt, List.of(1, 2, 3, 4, 5, 6), GREEDY),
            RunControls.DEFAULT.withShrinkShare(share));
        for (int b = 0; b < 6; b++) {
          long[] expected = Refs.longs(batch.get("new_ids").get(b));
          int end = expected.length;
          while (end > 0 && expected[end - 1] == 0) {
            end--;
          }
          assertArrayEquals(Arrays.copyOf(expected, end), longs(g.traces().get(b).tokenIds()),
              "batched tag " + (b + 1) + " shrink share " + share);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny"})
  void promptsLongerThanAPrefillChunkMatchTheConcatenatingExport(String which, @TempDir Path tmp) {
    Refs refs = Refs.tiny();
    Path inPlace = tmp.resolve("in-place");
    Path concat = tmp.resolve("concat");
    Qwen2OnnxExporter.export(refs.hf(), inPlace, new ExportOptions(true, 17, ExportOptions.KvCache.IN_PLACE));
    Qwen2OnnxExporter.export(refs.hf(), concat, new ExportOptions(true, 17));
    String question = "What is 12+19? ".repeat(40); // well over 256 prompt tokens
    GenerationOptions sampled = GenerationOptions.DEFAULT.withMaxNewTokens(40).withSeed(3);
    try (OnnxModel a = new OnnxRuntimeBackend().open(inPlace, RuntimeOptions.DEFAULT);
        OnnxModel b = new OnnxRuntimeBackend().open(concat, RuntimeOptions.DEFAULT)) {
      Prompt prompt = Prompt.question("You are a calculator.", question);
      assertTrue(a.promptIds(prompt).length > 300);
      ForkRequest request = new ForkRequest(prompt, List.of(1, 2, 3), GREEDY.withMaxNewTokens(40));
      assertEquals(ids(b.generate(request)), ids(a.generate(request)));
      ForkRequest drawn = new ForkRequest(prompt, List.of(4, 5, 6, 1), sampled);
      assertEquals(ids(b.generate(drawn)), ids(a.generate(drawn)), "same seed, same draws on both exports");
    }
  }

  private static List<List<Integer>> ids(List<Trace> traces) {
    return traces.stream().map(Trace::tokenIds).toList();
  }

  private static long[] longs(List<Integer> ids) {
    return ids.stream().mapToLong(Integer::longValue).toArray();
  }

  private static double rowDiff(float[] logits, int row, FloatTensor ref, int refRow, int vocab) {
    double max = 0;
    float[] r = ref.data();
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, Math.abs(logits[row * vocab + i] - r[refRow * vocab + i]));
    }
    return max;
  }

  /**
   * One row's cache buffers, driven directly through ORT as the runtime does: the graph reads them (masked beyond
   * {@code past_lengths}) and returns the step's new positions, which are appended here.
   */
  private static final class SharedBuffers implements AutoCloseable {
    private final OrtEnvironment env;
    private final List<FloatBuffer> buffers = new java.util.ArrayList<>();
    private final List<OnnxTensor> cache = new java.util.ArrayList<>();
    private final int layers;
    private final int vocab;
    private final int kvHeads;
    private final int headDim;
    private final int capacity;

    SharedBuffers(OrtEnvironment env, Qwen2Config cfg, int capacity) throws Exception {
      this.env = env;
      this.layers = cfg.numHiddenLayers();
      this.vocab = cfg.vocabSize();
      this.kvHeads = cfg.numKeyValueHeads();
      this.headDim = cfg.headDim();
      this.capacity = capacity;
      for (int j = 0; j < 2 * layers; j++) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * kvHeads * capacity * headDim).order(ByteOrder.nativeOrder())
            .asFloatBuffer();
        // Slots beyond the valid length are masked whatever they hold: fill them with garbage to prove it.
        for (int i = 0; i < b.capacity(); i++) {
          b.put(i, 1e3f * (i % 7 - 3));
        }
        buffers.add(b);
        cache.add(OnnxTensor.createTensor(env, b, new long[] {1, kvHeads, capacity, headDim}));
      }
    }

    /** Feeds {@code ids} at positions {@code past..}; returns all their logits. */
    float[] step(OrtSession session, long[] ids, int past) throws Exception {
      int s = ids.length;
      long[] pos = new long[s];
      for (int i = 0; i < s; i++) {
        pos[i] = past + i;
      }
      FloatBuffer logits = ByteBuffer.allocateDirect(4 * s * vocab).order(ByteOrder.nativeOrder()).asFloatBuffer();
      try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, s});
          OnnxTensor posT = OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, s});
          OnnxTensor lens = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {past}), new long[] {1});
          OnnxTensor out = OnnxTensor.createTensor(env, logits, new long[] {1, s, vocab})) {
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put("input_ids", idsT);
        in.put("position_ids", posT);
        in.put(Qwen2OnnxExporter.PAST_LENGTHS, lens);
        for (int i = 0; i < layers; i++) {
          in.put("past_key_values." + i + ".key", cache.get(2 * i));
          in.put("past_key_values." + i + ".value", cache.get(2 * i + 1));
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        for (int i = 0; i < layers; i++) {
          present.add("present." + i + ".key");
          present.add("present." + i + ".value");
        }
        try (OrtSession.Result r = session.run(in, present, Map.of("logits", out))) {
          for (int i = 0; i < layers; i++) {
            for (int kv = 0; kv < 2; kv++) {
              OnnxTensor fresh = (OnnxTensor) r.get("present." + i + "." + (kv == 0 ? "key" : "value")).orElseThrow();
              assertArrayEquals(new long[] {1, kvHeads, s, headDim}, fresh.getInfo().getShape());
              FloatBuffer src = fresh.getFloatBuffer();
              for (int h = 0; h < kvHeads; h++) {
                buffers.get(2 * i + kv).put((h * capacity + past) * headDim, src, h * s * headDim, s * headDim);
              }
            }
          }
        }
        float[] result = new float[s * vocab];
        logits.get(0, result);
        return result;
      }
    }

    @Override
    public void close() {
      cache.forEach(OnnxTensor::close);
    }
  }
}
