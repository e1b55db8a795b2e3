package io.github.ssft4j.runtime.internal;

import java.nio.LongBuffer;

/**
 * The {@code attention_mask} of the decode steps, {@code [batch, width]} row-major in one direct buffer kept across
 * steps: ones, with zeros at each row's padding slots. As the width grows by one a step, only the padding slots are
 * rewritten (the old ones reset to 1, the new ones set to 0): no per-step allocation and no full rewrite.
 */
final class MaskBuffer {
  private LongBuffer buffer = DecoderSession.directLongs(0);
  private int[] zeroed = new int[0];
  private int zeroedCount;
  /** Bytes written by the last {@link #fill}, for the bench's copy accounting. */
  long bytesWritten;

  /**
   * @param batch rows
   * @param width columns (past + 1)
   * @param padStart per row, the first padding slot
   * @param padCount per row, how many padding slots
   * @return the mask, position 0 and limit {@code batch * width}; valid until the next call
   */
  LongBuffer fill(int batch, int width, int[] padStart, int[] padCount) {
    int n = batch * width;
    bytesWritten = 0;
    if (buffer.capacity() < n) {
      // Grow geometrically: a long generation reallocates a logarithmic number of times.
      buffer = DecoderSession.directLongs(Math.max(n, buffer.capacity() * 2));
      for (int i = 0; i < buffer.capacity(); i++) {
        buffer.put(i, 1L);
      }
      zeroedCount = 0;
      bytesWritten += (long) n * Long.BYTES;
    }
    long resets = zeroedCount;
    for (int j = 0; j < zeroedCount; j++) {
      buffer.put(zeroed[j], 1L);
    }
    int pads = 0;
    for (int r = 0; r < batch; r++) {
      pads += padCount[r];
    }
    if (zeroed.length < pads) {
      zeroed = new int[Math.max(pads, zeroed.length * 2)];
    }
    zeroedCount = 0;
    for (int r = 0; r < batch; r++) {
      for (int slot = padStart[r]; slot < padStart[r] + padCount[r]; slot++) {
        int at = r * width + slot;
        buffer.put(at, 0L);
        zeroed[zeroedCount++] = at;
      }
    }
    bytesWritten += Long.BYTES * (resets + pads);
    buffer.clear().limit(n);
    return buffer;
  }
}
