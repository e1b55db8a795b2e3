package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import io.github.ssft4j.GenerationException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache of an in-place export: per layer one preallocated key and one value buffer that the graph reads as
 * its {@code past_key_values.*} input {@code [batch, kv_heads, stride, head_dim]} (positions beyond a row's
 * {@link #length(int)} are masked) and that a step's new positions ({@code present.*}) are appended to, at each
 * row's length. The step tensors wrap the buffers without a copy.
 *
 * <p>The stride (positions a row's head occupies) grows with the longest row, in steps of an eighth of its
 * length (at least {@value #STRIDE_QUANTUM}), so attention reads at most an eighth more than the past it needs;
 * each growth moves the rows apart inside the same buffers. Forking copies the prompt once into each row, shrinking moves the kept rows down;
 * nothing else is ever copied. Not thread-safe (one per call).
 */
final class SharedKvCache implements AutoCloseable {
  /** The smallest stride step, in positions. */
  static final int STRIDE_QUANTUM = 64;

  private final DecoderSession session;
  private final int rows;
  private final int capacity;
  private final FloatBuffer[] buffers;
  private final int[] lengths;
  private List<OnnxTensor> views = List.of();
  private int stride;
  private int batch;

  /**
   * @param rows the most rows a step will have
   * @param capacity positions per row (prompt, prefix and generated tokens)
   */
  SharedKvCache(DecoderSession session, int rows, int capacity) {
    this.session = session;
    this.rows = rows;
    this.capacity = capacity;
    long floats = (long) rows * session.kvHeads * capacity * session.headDim;
    if (floats > Integer.MAX_VALUE) {
      throw new GenerationException(rows + " rows of " + capacity + " positions do not fit one direct buffer per "
          + "layer (" + floats + " floats)");
    }
    this.buffers = new FloatBuffer[session.cacheSlots()];
    for (int j = 0; j < buffers.length; j++) {
      buffers[j] = DecoderSession.directFloats((int) floats);
    }
    this.lengths = new int[rows];
    this.stride = strideFor(1, capacity);
    view(rows);
  }

  /**
   * @return the stride that holds {@code positions}: rounded up to an eighth of its highest power of two (at least
   *     {@link #STRIDE_QUANTUM}), at most {@code capacity}
   */
  static int strideFor(int positions, int capacity) {
    int quantum = Math.max(STRIDE_QUANTUM, Integer.highestOneBit(Math.max(1, positions)) / 8);
    long rounded = ((long) Math.max(1, positions) + quantum - 1) / quantum * quantum;
    return (int) Math.min(capacity, rounded);
  }

  /** @return positions per row */
  int capacity() {
    return capacity;
  }

  /** @return positions each row's head occupies in the step tensors */
  int stride() {
    return stride;
  }

  /** @return rows the step tensors cover */
  int batch() {
    return batch;
  }

  /** @return positions held by row {@code r} */
  int length(int r) {
    return lengths[r];
  }

  /** @return the longest of the first {@link #batch()} rows */
  int longest() {
    int max = 0;
    for (int r = 0; r < batch; r++) {
      max = Math.max(max, lengths[r]);
    }
    return max;
  }

  /** Records that row {@code r} now holds {@code n} positions. */
  void setLength(int r, int n) {
    lengths[r] = n;
  }

  /** @return the step tensors {@code [batch, kv_heads, stride, head_dim]}, in {@link DecoderSession} slot order */
  List<OnnxTensor> tensors() {
    return views;
  }

  /** Makes the step tensors cover the first {@code rows} rows. */
  void view(int rows) {
    if (rows == batch && !views.isEmpty()) {
      return;
    }
    replaceViews(rows);
  }

  /**
   * Makes every row's stride hold {@code positions} (moving the rows apart when it grows).
   *
   * @return bytes moved
   * @throws GenerationException if {@code positions} exceeds the capacity
   */
  long reserve(int positions) {
    if (positions > capacity) {
      throw new GenerationException("the KV cache holds " + capacity + " positions per row; " + positions
          + " were asked for");
    }
    if (positions <= stride) {
      return 0;
    }
    int grown = strideFor(positions, capacity);
    long bytes = 0;
    int headDim = session.headDim;
    int kvHeads = session.kvHeads;
    // Highest head first: each moves up, into space no lower head still occupies (the copy is overlap-safe).
    for (int r = rows - 1; r >= 0; r--) {
      for (int h = kvHeads - 1; h >= 0 && lengths[r] > 0; h--) {
        int head = r * kvHeads + h;
        for (FloatBuffer b : buffers) {
          b.put(head * grown * headDim, b, head * stride * headDim, lengths[r] * headDim);
        }
        bytes += (long) buffers.length * lengths[r] * headDim * Float.BYTES;
      }
    }
    stride = grown;
    replaceViews(batch);
    return bytes;
  }

  /**
   * Appends a step's new positions, {@code fresh[j]} laid out {@code [batch, kv_heads, seq, head_dim]} in slot
   * order, at each row's length; the rows then hold {@code seq} more.
   *
   * @return bytes written (the new positions, and the rows moved if the stride grew)
   */
  long append(List<FloatBuffer> fresh, int seq) {
    long bytes = reserve(longest() + seq);
    int headDim = session.headDim;
    int kvHeads = session.kvHeads;
    for (int j = 0; j < buffers.length; j++) {
      FloatBuffer src = fresh.get(j);
      for (int r = 0; r < batch; r++) {
        for (int h = 0; h < kvHeads; h++) {
          int head = r * kvHeads + h;
          buffers[j].put((head * stride + lengths[r]) * headDim, src, head * seq * headDim, seq * headDim);
        }
      }
    }
    for (int r = 0; r < batch; r++) {
      lengths[r] += seq;
    }
    return bytes + (long) buffers.length * batch * kvHeads * seq * headDim * Float.BYTES;
  }

  /**
   * Copies the first {@code length} positions of row {@code from} into row {@code to}, every head of every layer.
   *
   * @return bytes copied
   */
  long copyRow(int from, int to, int length) {
    for (FloatBuffer b : buffers) {
      for (int h = 0; h < session.kvHeads; h++) {
        int src = ((from * session.kvHeads) + h) * stride * session.headDim;
        int dst = ((to * session.kvHeads) + h) * stride * session.headDim;
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
    for (int r = keep.length; r < rows; r++) {
      lengths[r] = 0;
    }
    view(keep.length);
    return bytes;
  }

  private void replaceViews(int rows) {
    views.forEach(OnnxTensor::close);
    views = List.of();
    int rowFloats = session.kvHeads * stride * session.headDim;
    List<OnnxTensor> out = new ArrayList<>(buffers.length);
    try {
      for (FloatBuffer b : buffers) {
        // A direct buffer from position 0 to its limit is wrapped without a copy.
        FloatBuffer slice = b.duplicate().clear().limit(rows * rowFloats);
        out.add(session.floatTensor(slice, new long[] {rows, session.kvHeads, stride, session.headDim}));
      }
    } catch (RuntimeException e) {
      out.forEach(OnnxTensor::close);
      throw e;
    }
    views = out;
    batch = rows;
  }

  @Override
  public void close() {
    views.forEach(OnnxTensor::close);
    views = List.of();
  }
}
