package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache of an in-place export: per layer one preallocated key and one value buffer
 * {@code [rows, kv_heads, capacity, head_dim]}, bound as both the step's {@code past_key_values.*} input and its
 * {@code present.*} output, so {@code com.microsoft.GroupQueryAttention} appends each new position in place. Row
 * {@code r} holds {@link #length(int)} positions. The tensors seen by a step cover the first {@link #batch()} rows
 * (a view of the same memory): forking copies the prompt once into each row, shrinking moves the kept rows down;
 * nothing else is ever copied. Not thread-safe (one per call).
 */
final class SharedKvCache implements AutoCloseable {
  private final DecoderSession session;
  private final int capacity;
  private final int rowFloats;
  private final int headFloats;
  private final FloatBuffer[] buffers;
  private final int[] lengths;
  private List<OnnxTensor> views = List.of();
  private int batch;

  /**
   * @param rows the most rows a step will have
   * @param capacity positions per row (prompt, prefix and generated tokens)
   */
  SharedKvCache(DecoderSession session, int rows, int capacity) {
    this.session = session;
    this.capacity = capacity;
    this.headFloats = capacity * session.headDim;
    this.rowFloats = session.kvHeads * headFloats;
    this.buffers = new FloatBuffer[session.cacheSlots()];
    for (int j = 0; j < buffers.length; j++) {
      buffers[j] = DecoderSession.directFloats(Math.multiplyExact(rows, rowFloats));
    }
    this.lengths = new int[rows];
    view(rows);
  }

  /** @return positions per row */
  int capacity() {
    return capacity;
  }

  /** @return rows the step tensors cover */
  int batch() {
    return batch;
  }

  /** @return positions held by row {@code r} */
  int length(int r) {
    return lengths[r];
  }

  /** Records that row {@code r} now holds {@code n} positions (the step wrote them). */
  void setLength(int r, int n) {
    lengths[r] = n;
  }

  /** @return the step tensors {@code [batch, kv_heads, capacity, head_dim]}, in {@link DecoderSession} slot order */
  List<OnnxTensor> tensors() {
    return views;
  }

  /** Makes the step tensors cover the first {@code rows} rows. */
  void view(int rows) {
    if (rows == batch && !views.isEmpty()) {
      return;
    }
    views.forEach(OnnxTensor::close);
    List<OnnxTensor> out = new ArrayList<>(buffers.length);
    try {
      for (FloatBuffer b : buffers) {
        // A direct buffer from position 0 to its limit is wrapped without a copy.
        FloatBuffer slice = b.duplicate().clear().limit(rows * rowFloats);
        out.add(session.floatTensor(slice, new long[] {rows, session.kvHeads, capacity, session.headDim}));
      }
    } catch (RuntimeException e) {
      out.forEach(OnnxTensor::close);
      throw e;
    }
    views = out;
    batch = rows;
  }

  /**
   * Copies the first {@code length} positions of row {@code from} into row {@code to}, every head of every layer.
   *
   * @return bytes copied
   */
  long copyRow(int from, int to, int length) {
    for (FloatBuffer b : buffers) {
      for (int h = 0; h < session.kvHeads; h++) {
        int src = from * rowFloats + h * headFloats;
        int dst = to * rowFloats + h * headFloats;
        b.put(dst, b, src, length * session.headDim);
      }
    }
    lengths[to] = length;
    return (long) buffers.length * session.kvHeads * length * session.headDim * Float.BYTES;
  }

  /**
   * Keeps rows {@code keep} (ascending), moved down to rows {@code 0..keep.length-1}; the step tensors then cover
   * those.
   *
   * @return bytes copied
   */
  long compact(int[] keep) {
    long bytes = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i] != i) {
        bytes += copyRow(keep[i], i, lengths[keep[i]]);
      }
    }
    view(keep.length);
    return bytes;
  }

  @Override
  public void close() {
    views.forEach(OnnxTensor::close);
    views = List.of();
  }
}
