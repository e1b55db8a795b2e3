package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-place cache's buffers: appends land at each row's length, growth and compaction keep every position. */
class SharedKvCacheTest {

  @Test
  void theStrideGrowsInEighthsOfTheLengthFromAQuantumOf64UpToTheCapacity() {
    assertEquals(64, SharedKvCache.strideFor(1, 10_000));
    assertEquals(256, SharedKvCache.strideFor(256, 10_000));
    assertEquals(320, SharedKvCache.strideFor(257, 10_000));
    assertEquals(576, SharedKvCache.strideFor(513, 10_000));
    assertEquals(2048, SharedKvCache.strideFor(2048, 10_000));
    assertEquals(2304, SharedKvCache.strideFor(2049, 10_000));
    assertEquals(4096, SharedKvCache.strideFor(4096, 10_000));
    assertEquals(4608, SharedKvCache.strideFor(4097, 10_000));
    assertEquals(300, SharedKvCache.strideFor(290, 300));
  }

  @Test
  void appendsPastTheStrideMoveTheRowsApartAndKeepEveryPosition(@TempDir Path tmp) {
    try (OnnxModel model = open(tmp); SharedKvCache cache = new SharedKvCache(model.decoder(), 3, 1000)) {
      DecoderSession d = model.decoder();
      cache.setLength(0, 0);
      appendPositions(d, cache, 0, 200); // one prefill of 200 positions into the three rows
      assertEquals(256, cache.stride());
      for (int p = 200; p < 600; p++) {
        appendPositions(d, cache, p, 1);
      }
      assertEquals(640, cache.stride());
      for (int r = 0; r < 3; r++) {
        assertEquals(600, cache.length(r));
      }
      assertHolds(d, cache, new int[] {0, 1, 2}, 600);
      assertThrows(GenerationException.class, () -> cache.reserve(1001), "beyond the capacity");
    }
  }

  @Test
  void compactionMovesTheKeptRowsDown(@TempDir Path tmp) {
    try (OnnxModel model = open(tmp); SharedKvCache cache = new SharedKvCache(model.decoder(), 3, 300)) {
      DecoderSession d = model.decoder();
      appendPositions(d, cache, 0, 40);
      long bytes = cache.compact(new int[] {2});
      assertEquals(1, cache.batch());
      assertEquals((long) d.cacheSlots() * d.kvHeads * 40 * d.headDim * Float.BYTES, bytes);
      assertHolds(d, cache, new int[] {2}, 40);
    }
  }

  private static OnnxModel open(Path tmp) {
    return new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp), RuntimeOptions.DEFAULT);
  }

  /** The value every slot, row, head, position and dimension should hold. */
  private static float value(int slot, int row, int head, int pos, int dim) {
    return slot * 1e6f + row * 1e5f + head * 1e4f + pos * 10f + dim * 0.01f;
  }

  private static void appendPositions(DecoderSession d, SharedKvCache cache, int from, int seq) {
    int batch = cache.batch();
    List<FloatBuffer> fresh = new ArrayList<>();
    for (int j = 0; j < d.cacheSlots(); j++) {
      FloatBuffer b = DecoderSession.directFloats(batch * d.kvHeads * seq * d.headDim);
      for (int r = 0; r < batch; r++) {
        for (int h = 0; h < d.kvHeads; h++) {
          for (int s = 0; s < seq; s++) {
            for (int x = 0; x < d.headDim; x++) {
              b.put(((r * d.kvHeads + h) * seq + s) * d.headDim + x, value(j, r, h, from + s, x));
            }
          }
        }
      }
      fresh.add(b);
    }
    cache.append(fresh, seq);
  }

  private static void assertHolds(DecoderSession d, SharedKvCache cache, int[] originalRows, int length) {
    int stride = cache.stride();
    for (int j = 0; j < d.cacheSlots(); j++) {
      OnnxTensor view = cache.tensors().get(j);
      assertArrayEquals(new long[] {originalRows.length, d.kvHeads, stride, d.headDim}, view.getInfo().getShape());
      FloatBuffer b = view.getFloatBuffer();
      for (int r = 0; r < originalRows.length; r++) {
        for (int h = 0; h < d.kvHeads; h++) {
          for (int p = 0; p < length; p++) {
            for (int x = 0; x < d.headDim; x++) {
              float got = b.get(((r * d.kvHeads + h) * stride + p) * d.headDim + x);
              if (got != value(j, originalRows[r], h, p, x)) {
                throw new AssertionError("slot " + j + " row " + r + " head " + h + " position " + p + " dim " + x
                    + ": " + got);
              }
            }
          }
        }
      }
    }
  }
}
