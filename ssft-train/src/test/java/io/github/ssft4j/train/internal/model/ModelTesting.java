package io.github.ssft4j.train.internal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.HfCheckpoint;
import io.github.ssft4j.train.internal.hf.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Helpers: logits of a model, and checkpoint variants derived from qwen2-tiny. */
final class ModelTesting {
  private ModelTesting() {}

  static final ObjectMapper JSON = new ObjectMapper();

  static Path tinyHf() {
    return Fixtures.repositoryRoot().resolve("testdata/qwen2-tiny/hf");
  }

  /** Logits {@code [T, vocab]} of one sequence, flattened. */
  static float[] logits(Qwen2Model model, long[] ids) {
    try (NDManager m = model.manager().newSubManager()) {
      NDArray in = m.create(ids, new Shape(1, ids.length));
      long[] p = new long[ids.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = i;
      }
      return model.forward(in, m.create(p, new Shape(1, ids.length)), null).toFloatArray();
    }
  }

  /** Copies tiny's hf folder to {@code dir}, then lets {@code edit} change its tensors and config. */
  static Path variant(Path dir, Consumer<Map<String, FloatTensor>> editTensors, Consumer<ObjectNode> editConfig)
      throws IOException {
    Fixtures.copyOf(tinyHf(), dir);
    Map<String, FloatTensor> t = new java.util.LinkedHashMap<>(Safetensors.readAll(dir.resolve("model.safetensors")));
    editTensors.accept(t);
    HfCheckpoint.write(dir, t, HfCheckpoint.DEFAULT_MAX_SHARD_BYTES);
    ObjectNode cfg = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
    editConfig.accept(cfg);
    Files.write(dir.resolve("config.json"), JSON.writeValueAsBytes(cfg));
    return dir;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static long[] q0PromptIds() {
    return Refs.longs(Refs.tiny().json().get("prompts").get(0).get("prompt_ids"));
  }
}
