package io.github.ssft4j.train.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import org.junit.jupiter.api.Test;

/** DJL logits against the teacher-forced transformers logits of every fixture prompt. */
class Qwen2ModelConformanceTest {

  @Test
  void tinyLogitsMatchTransformers() {
    check(Refs.tiny());
  }

  @Test
  void smallLogitsMatchTransformers() {
    check(Refs.small());
  }

  private static void check(Refs refs) {
    try (Qwen2Model model = Qwen2Model.load(refs.hf())) {
      int before = ((BaseNDManager) model.manager()).getManagedArrays().size();
      double worst = 0;
      for (JsonNode p : refs.json().get("prompts")) {
        long[] ids = Refs.fullIds(p);
        FloatTensor ref = refs.tensors().get("logits." + p.get("key").asText());
        float[] got;
        try (NDManager m = model.manager().newSubManager()) {
          NDArray in = m.create(ids, new Shape(1, ids.length));
          NDArray pos = m.arange(0, ids.length).toType(ai.djl.ndarray.types.DataType.INT64, false)
              .reshape(1, ids.length);
          NDArray logits = model.forward(in, pos, null);
          assertEquals(new Shape(1, ids.length, model.config().vocabSize()), logits.getShape());
          assertTrue(logits.getManager() == m, "logits must live in the caller's manager");
          got = logits.toFloatArray();
        }
        assertEquals(ref.data().length, got.length);
        double max = 0;
        for (int i = 0; i < got.length; i++) {
          max = Math.max(max, Math.abs(got[i] - ref.data()[i]));
        }
        worst = Math.max(worst, max);
        System.out.printf("[conformance]   %s %s max abs diff %.6g%n", refs.dir().getFileName(), p.get("key").asText(), max);
        assertTrue(max < 1e-4, p.get("key").asText() + ": max abs diff " + max);
      }
      System.out.printf("[conformance] %s (hidden %d) DJL logits vs transformers: max abs diff %.6g over %d prompts%n",
          refs.dir().getFileName(), model.config().hiddenSize(), worst, refs.json().get("prompts").size());
      assertEquals(before, ((BaseNDManager) model.manager()).getManagedArrays().size(),
          "forward must not leave arrays in the parameter manager");
    }
  }
}
