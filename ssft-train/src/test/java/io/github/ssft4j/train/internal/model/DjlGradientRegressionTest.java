package io.github.ssft4j.train.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DJL pitfalls of the engineering notes, as regression tests: gradients through scalar arithmetic must survive
 * garbage collection between forward and backward, Qwen2 gradients must be right (finite differences) and
 * bit-for-bit repeatable, and training steps must not grow the parameter manager or the process memory.
 */
class DjlGradientRegressionTest {

  /** Churns the heap and asks for collections, as a long step would between forward and backward. */
  private static void forceGc() {
    for (int i = 0; i < 3; i++) {
      byte[][] junk = new byte[64][];
      for (int j = 0; j < junk.length; j++) {
        junk[j] = new byte[1 << 16];
      }
      System.gc();
      System.runFinalization();
    }
  }

  /**
   * d/dx sum(x * 3 / 2) = 1.5 for every element. With NDArray scalars owned by the step it stays right across
   * collections; DJL 0.36's {@code mul(Number)}/{@code div(Number)} free their temporary scalar before backward reads
   * it (measured here: 50 of 50 repetitions wrong, e.g. -Infinity or 1.002), which is printed, not asserted, so a
   * fixed DJL does not fail the build.
   */
  @Test
  void scalarFactorGradientSurvivesGcBetweenForwardAndBackward() {
    try (NDManager params = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
      NDArray x = params.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      int numberOverloadWrong = 0;
      for (int rep = 0; rep < 20; rep++) {
        for (boolean safe : new boolean[] {true, false}) {
          ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) x);
          try (NDManager step = params.newSubManager();
              GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y = safe ? x.mul(step.create(3f)).div(step.create(2f)) : x.mul(3f).div(2f);
            y.attach(step);
            NDArray loss = y.sum();
            loss.attach(step);
            forceGc();
            gc.backward(loss);
            NDArray g = x.getGradient();
            g.attach(step);
            if (safe) {
              assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f}, g.toFloatArray(), "repetition " + rep);
            } else if (!Arrays.equals(new float[] {1.5f, 1.5f, 1.5f}, g.toFloatArray())) {
              numberOverloadWrong++;
            }
          }
        }
      }
      System.out.printf("[djl] gradient through mul/div(Number) with a GC before backward: wrong in %d/20 runs "
          + "(NDArray scalars: 0/20)%n", numberOverloadWrong);
    }
  }

  /** Sequence NLL of a short sequence, and the gradient of every parameter, with a forced GC before backward. */
  private static Map<String, float[]> gradients(Qwen2Model model, long[] prompt, long[] target, float[] lossOut) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    model.zeroGradients();
    try (NDManager step = model.manager().newSubManager();
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      SequenceScorer.Batch b = SequenceScorer.batch(step, List.of(prompt), List.of(target), 0);
      NDArray loss = new SequenceScorer(model).sequenceNll(b).sum();
      loss.attach(step);
      forceGc();
      gc.backward(loss);
      lossOut[0] = loss.getFloat();
      for (var e : model.parameters().entrySet()) {
        NDArray g = e.getValue().getGradient();
        g.attach(step);
        out.put(e.getKey(), g.toFloatArray());
      }
    }
    return out;
  }

  private static float loss(Qwen2Model model, long[] prompt, long[] target) {
    try (NDManager step = model.manager().newSubManager()) {
      SequenceScorer.Batch b = SequenceScorer.batch(step, List.of(prompt), List.of(target), 0);
      return new SequenceScorer(model).sequenceNll(b).sum().getFloat();
    }
  }

  @Test
  void qwen2GradientsMatchFiniteDifferencesAndRepeatBitForBit() {
    long[] ids = ModelTesting.q0PromptIds();
    long[] prompt = Arrays.copyOf(ids, 20);
    long[] target = Arrays.copyOfRange(ids, 20, ids.length);
    try (Qwen2Model model = Qwen2Model.load(ModelTesting.tinyHf())) {
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      float[] l1 = new float[1];
      float[] l2 = new float[1];
      Map<String, float[]> g1 = gradients(model, prompt, target, l1);
      Map<String, float[]> g2 = gradients(model, prompt, target, l2);
      assertEquals(l1[0], l2[0]);
      for (String k : g1.keySet()) {
        assertArrayEquals(g1.get(k), g2.get(k), "gradient of " + k + " must repeat bit for bit");
      }
      // central differences on the largest-gradient entry of a few parameters
      double h = 1e-2;
      for (String name : List.of("model.norm.weight", "model.layers.0.self_attn.q_proj.bias",
          "model.layers.1.mlp.down_proj.weight", "model.layers.0.self_attn.k_proj.weight", "lm_head.weight")) {
        float[] g = g1.get(name);
        int at = 0;
        for (int i = 1; i < g.length; i++) {
          if (Math.abs(g[i]) > Math.abs(g[at])) {
            at = i;
          }
        }
        NDArray p = model.parameters().get(name);
        float[] orig = p.toFloatArray();
        float[] v = orig.clone();
        v[at] = (float) (orig[at] + h);
        p.set(v);
        double up = loss(model, prompt, target);
        v[at] = (float) (orig[at] - h);
        p.set(v);
        double down = loss(model, prompt, target);
        p.set(orig);
        double fd = (up - down) / (2 * h);
        assertTrue(Math.abs(fd - g[at]) <= 0.02 * Math.abs(g[at]) + 1e-3,
            name + "[" + at + "]: autograd " + g[at] + " vs finite difference " + fd);
      }
    }
  }

  /** Resident set size of this process from /proc (Linux), or -1. */
  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  @Test
  void trainingStepsKeepMemoryFlat() {
    long[] ids = ModelTesting.q0PromptIds();
    long[] prompt = Arrays.copyOf(ids, 30);
    long[] target = Arrays.copyOfRange(ids, 30, ids.length);
    try (Qwen2Model model = Qwen2Model.load(ModelTesting.tinyHf())) {
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      BaseNDManager pm = (BaseNDManager) model.manager();
      int arraysBefore = pm.getManagedArrays().size();
      List<Long> rss = new ArrayList<>();
      List<Float> losses = new ArrayList<>();
      for (int stepNo = 0; stepNo < 40; stepNo++) {
        model.zeroGradients();
        try (NDManager step = model.manager().newSubManager()) {
          try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            SequenceScorer.Batch b = SequenceScorer.batch(step, List.of(prompt, prompt), List.of(target, target), 0);
            NDArray loss = new SequenceScorer(model).sequenceNll(b).mean();
            loss.attach(step);
            gc.backward(loss);
            losses.add(loss.getFloat());
          }
          // plain SGD outside the collector: gradients and updates belong to the step
          NDArray lr = step.create(0.05f);
          for (NDArray p : model.parameters().values()) {
            NDArray g = p.getGradient();
            g.attach(step);
            NDArray delta = g.mul(lr);
            delta.attach(step);
            p.subi(delta);
          }
        }
        assertEquals(arraysBefore, pm.getManagedArrays().size(), "parameter manager grew at step " + stepNo);
        if (stepNo % 10 == 9) {
          System.gc();
          rss.add(rssBytes());
        }
      }
      System.out.printf("[memory] 40 SGD steps on qwen2-tiny: loss %.4f -> %.4f, RSS every 10 steps (MB): %s%n",
          losses.get(0), losses.get(losses.size() - 1),
          rss.stream().map(r -> Long.toString(r >> 20)).toList());
      assertTrue(losses.get(losses.size() - 1) < losses.get(0), "SGD must reduce the loss");
      if (rss.get(0) > 0) {
        long growth = rss.get(rss.size() - 1) - rss.get(1);
        assertTrue(growth < 64L << 20, "RSS grew by " + (growth >> 20) + " MB over 30 steps");
      }
    }
  }
}
