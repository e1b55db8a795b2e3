package io.github.ssft4j.train.internal.optim;

import io.github.ssft4j.train.internal.hf.AtomicFiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with global gradient-norm clipping, over parameters that collected gradients in a
 * DJL {@code GradientCollector}. Decoupled weight decay applies to matrices only (not to biases and norm
 * weights, the usual choice). Gradients accumulate across {@code backward} calls until {@link #step} zeroes them,
 * which is how gradient accumulation works. The moment estimates can be saved and loaded for resuming.
 */
public final class AdamW implements AutoCloseable {
  private final Map<String, NDArray> params;
  private final NDManager stateManager;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private int t;

  /**
   * @param params parameters by name, each with {@code setRequiresGradient(true)}
   * @param manager owns the moment estimates (a sub-manager is made; {@link #close()} frees it)
   * @param beta1 first-moment decay, e.g. 0.9
   * @param beta2 second-moment decay, e.g. 0.95
   * @param eps added to the denominator, e.g. 1e-8
   * @param weightDecay decoupled weight decay, e.g. 0.01
   */
  public AdamW(Map<String, NDArray> params, NDManager manager, double beta1, double beta2, double eps,
      double weightDecay) {
    this.params = params;
    this.stateManager = manager.newSubManager();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      m.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
      v.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
    }
  }

  /** @return optimiser steps taken (including loaded ones) */
  public int steps() {
    return t;
  }

  /**
   * Clips the accumulated gradients to {@code maxNorm} (global L2 norm), applies one AdamW update at
   * {@code lr}, and zeroes the gradients.
   *
   * @param lr the learning rate of this step
   * @param maxNorm the clipping threshold; {@code <= 0} disables clipping
   * @return the gradient norm before clipping
   */
  public double step(double lr, double maxNorm) {
    t++;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Map<String, NDArray> grads = new LinkedHashMap<>();
      double sq = 0;
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray g = e.getValue().getGradient();
        grads.put(e.getKey(), g);
        sq += g.square().sum().getFloat();
      }
      double norm = Math.sqrt(sq);
      if (!Double.isFinite(norm)) {
        throw new TrainingException("gradient norm is " + norm + " at step " + t + ": lower the learning rate");
      }
      float clip = (float) (maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0);
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float c1 = (float) (1 - Math.pow(beta1, t));
      float c2 = (float) (1 - Math.pow(beta2, t));
      float stepSize = (float) (lr / c1);
      float decay = (float) (1 - lr * weightDecay);
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray p = e.getValue();
        NDArray g = grads.get(e.getKey()).mul(clip);
        NDArray mi = m.get(e.getKey());
        NDArray vi = v.get(e.getKey());
        mi.muli(b1).addi(g.mul(1 - b1));
        vi.muli(b2).addi(g.square().muli(1 - b2));
        NDArray denom = vi.div(c2).sqrt().addi((float) eps);
        if (weightDecay > 0 && p.getShape().dimension() >= 2) {
          p.muli(decay);
        }
        p.subi(mi.div(denom).muli(stepSize));
      }
      for (NDArray g : grads.values()) {
        // zero in place: the parameter keeps accumulating into the same gradient buffer
        g.subi(g);
      }
      return norm;
    }
  }

  /**
   * Writes the step count and moment estimates atomically.
   *
   * @param file the target, a safetensors file
   */
  public void save(Path file) {
    NDList list = new NDList();
    try (NDManager tmp = stateManager.newSubManager()) {
      NDArray step = tmp.create(new int[] {t});
      step.setName("step");
      list.add(step);
      m.forEach((k, a) -> list.add(named(a, "m." + k)));
      v.forEach((k, a) -> list.add(named(a, "v." + k)));
      AtomicFiles.writeStream(file, out -> list.encode(out, NDList.Encoding.SAFETENSORS));
    }
  }

  /**
   * Loads what {@link #save} wrote.
   *
   * @param file a file from {@link #save}
   */
  public void load(Path file) {
    try (NDManager tmp = stateManager.newSubManager(); InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(tmp, in);
      Map<String, NDArray> byName = new LinkedHashMap<>();
      list.forEach(a -> byName.put(a.getName(), a));
      NDArray step = byName.get("step");
      if (step == null) {
        throw new TrainingException(file + ": no 'step' tensor; not an optimiser state file");
      }
      t = step.toIntArray()[0];
      for (String k : params.keySet()) {
        copyInto(file, byName, "m." + k, m.get(k));
        copyInto(file, byName, "v." + k, v.get(k));
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read optimiser state " + file + ": " + e.getMessage(), e);
    }
  }

  private static void copyInto(Path file, Map<String, NDArray> byName, String name, NDArray target) {
    NDArray src = byName.get(name);
    if (src == null || !src.getShape().equals(target.getShape())) {
      throw new TrainingException(file + ": tensor '" + name + "' missing or of shape "
          + (src == null ? "none" : src.getShape()) + ", expected " + target.getShape());
    }
    target.set(src.toByteBuffer());
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  /** Frees the moment estimates. */
  @Override
  public void close() {
    stateManager.close();
  }
}
