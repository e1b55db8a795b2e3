package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache between two steps: either the {@code present.*} outputs of the last step (fed back as they are,
 * which costs nothing) or tensors this class built by copying rows (forking, shrinking).
 */
final class KvCache implements AutoCloseable {
  private final List<OnnxTensor> tensors;
  private final AutoCloseable owner;

  private KvCache(List<OnnxTensor> tensors, AutoCloseable owner) {
    this.tensors = tensors;
    this.owner = owner;
  }

  /** The present tensors of {@code step}; closing the cache closes the step. */
  static KvCache of(DecoderSession.Step step) {
    return new KvCache(step.present(), step);
  }

  /** Tensors owned by the cache. */
  static KvCache owning(List<OnnxTensor> tensors) {
    return new KvCache(tensors, null);
  }

  List<OnnxTensor> tensors() {
    return tensors;
  }

  /**
   * Builds a cache whose row {@code i} is row {@code rows[i]} of this one: {@code [1,...]} to {@code [k,...]}
   * when forking (rows all 0), a subset when shrinking. One copy of the selected rows.
   */
  KvCache selectRows(DecoderSession session, int[] rows, RunStats.Recorder stats) {
    List<OnnxTensor> out = new ArrayList<>(tensors.size());
    try {
      for (OnnxTensor t : tensors) {
        long[] shape = t.getInfo().getShape();
        int rowSize = (int) (shape[1] * shape[2] * shape[3]);
        FloatBuffer all = t.getFloatBuffer();
        FloatBuffer dst = DecoderSession.directFloats(rows.length * rowSize);
        for (int i = 0; i < rows.length; i++) {
          dst.put(i * rowSize, all, rows[i] * rowSize, rowSize);
        }
        stats.bytesCopied += (long) rows.length * rowSize * Float.BYTES;
        out.add(session.floatTensor(dst, new long[] {rows.length, shape[1], shape[2], shape[3]}));
      }
      return owning(out);
    } catch (RuntimeException e) {
      out.forEach(OnnxTensor::close);
      throw e;
    }
  }

  @Override
  public void close() {
    if (owner != null) {
      try {
        owner.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing a KV cache failed", e);
      }
    } else {
      tensors.forEach(OnnxTensor::close);
    }
  }
}
