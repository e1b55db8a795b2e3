package io.github.ssft4j.train.internal.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdamW against the update written out by hand, on the real PyTorch engine. */
class AdamWTest {
  static final float[] W0 = {0.5f, -1f, 2f, 0.25f};
  static final float[] B0 = {0.1f, -0.2f};
  static final float[] CW = {1f, -2f, 3f, 0.5f};
  static final float[] CB = {4f, -1f};

  /** Accumulates gradient {@code scale * c} into each parameter through a real backward. */
  static void backward(NDManager m, Map<String, NDArray> p, float scale) {
    try (NDManager s = m.newSubManager(); GradientCollector gc = m.getEngine().newGradientCollector()) {
      NDArray l = p.get("w").mul(s.create(CW, new Shape(2, 2))).sum()
          .add(p.get("b").mul(s.create(CB)).sum()).mul(s.create(scale));
      gc.backward(l);
    }
  }

  static Map<String, NDArray> params(NDManager m) {
    Map<String, NDArray> p = new LinkedHashMap<>();
    p.put("w", m.create(W0, new Shape(2, 2)));
    p.put("b", m.create(B0));
    p.values().forEach(a -> a.setRequiresGradient(true));
    return p;
  }

  @Test
  void oneStepMatchesTheFormulaWithClippingDecayAndAccumulation() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Map<String, NDArray> p = params(m);
      // two micro-batches of half the gradient each: accumulation must add them up
      backward(m, p, 0.5f);
      backward(m, p, 0.5f);
      double lr = 0.1;
      double wd = 0.5;
      try (AdamW opt = new AdamW(p, m, 0.9, 0.95, 1e-8, wd)) {
        double norm = opt.step(lr, 2.0);
        double sq = 0;
        for (float c : CW) {
          sq += c * c;
        }
        for (float c : CB) {
          sq += c * c;
        }
        assertEquals(Math.sqrt(sq), norm, 1e-4);
        double clip = 2.0 / (Math.sqrt(sq) + 1e-6);
        float[] w = p.get("w").toFloatArray();
        float[] b = p.get("b").toFloatArray();
        for (int i = 0; i < 4; i++) {
          // first step: m_hat = g, v_hat = g^2, so the update is lr * sign(g) (up to eps); decay on matrices only
          double g = CW[i] * clip;
          double expected = W0[i] * (1 - lr * wd) - lr * g / (Math.abs(g) + 1e-8);
          assertEquals(expected, w[i], 1e-5);
        }
        for (int i = 0; i < 2; i++) {
          double g = CB[i] * clip;
          assertEquals(B0[i] - lr * g / (Math.abs(g) + 1e-8), b[i], 1e-5);
        }
        // gradients were zeroed
        assertArrayEquals(new float[4], p.get("w").getGradient().toFloatArray());
      }
    }
  }

  @Test
  void savedStateResumesIdentically(@TempDir Path dir) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Map<String, NDArray> a = params(m);
      Map<String, NDArray> b = params(m);
      try (AdamW oa = new AdamW(a, m, 0.9, 0.95, 1e-8, 0.01); AdamW ob = new AdamW(b, m, 0.9, 0.95, 1e-8, 0.01)) {
        backward(m, a, 1f);
        oa.step(0.01, 1.0);
        backward(m, b, 1f);
        ob.step(0.01, 1.0);
        oa.save(dir.resolve("opt.safetensors"));
        try (AdamW restored = new AdamW(b, m, 0.9, 0.95, 1e-8, 0.01)) {
          restored.load(dir.resolve("opt.safetensors"));
          assertEquals(1, restored.steps());
          backward(m, a, 0.3f);
          oa.step(0.01, 1.0);
          backward(m, b, 0.3f);
          restored.step(0.01, 1.0);
          assertArrayEquals(a.get("w").toFloatArray(), b.get("w").toFloatArray());
          assertArrayEquals(a.get("b").toFloatArray(), b.get("b").toFloatArray());
        }
      }
    }
  }
}
