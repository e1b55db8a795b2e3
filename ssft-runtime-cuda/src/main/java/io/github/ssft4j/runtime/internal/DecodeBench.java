package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times single decode steps of a loaded model at a fixed batch and past length, without sampling: what one
 * {@code session.run} of one new token per row costs as the KV cache grows. For {@code ssft bench decode}.
 */
public final class DecodeBench {
  private DecodeBench() {}

  /**
   * One measurement.
   *
   * @param batch rows
   * @param past cached positions before the step
   * @param medianNanos median wall time of a step
   * @param minNanos fastest step
   */
  public record StepTime(int batch, int past, long medianNanos, long minNanos) {}

  /**
   * Runs {@code warmup + steps} decode steps of {@code batch} rows over a past of {@code past} positions (the same
   * past each time, so the length stays fixed) and times the measured ones.
   */
  public static StepTime measure(OnnxModel model, int batch, int past, int warmup, int steps) {
    DecoderSession d = model.decoder();
    RunStats.Recorder stats = new RunStats.Recorder(false);
    if (d.inPlace) {
      return measureInPlace(d, batch, past, warmup, steps, stats);
    }
    List<OnnxTensor> cache = new ArrayList<>(d.cacheSlots());
    try (DecoderSession.DecodeBuffers buffers = d.decodeBuffers(batch)) {
      for (int j = 0; j < d.cacheSlots(); j++) {
        FloatBuffer data = DecoderSession.directFloats(batch * d.kvHeads * past * d.headDim);
        for (int i = 0; i < data.capacity(); i++) {
          data.put(i, (float) Math.sin(i * 0.001 + j)); // any values: the cost does not depend on them
        }
        cache.add(d.floatTensor(data, new long[] {batch, d.kvHeads, past, d.headDim}));
      }
      java.nio.LongBuffer mask = new MaskBuffer().fill(batch, past + 1, new int[batch], new int[batch]);
      for (int r = 0; r < batch; r++) {
        buffers.ids.put(r, 1 + r);
        buffers.positions.put(r, past);
      }
      long[] times = new long[steps];
      for (int s = 0; s < warmup + steps; s++) {
        long t0 = System.nanoTime();
        d.decode(buffers, mask, cache, stats).close();
        long t = System.nanoTime() - t0;
        if (s >= warmup) {
          times[s - warmup] = t;
        }
      }
      return summary(batch, past, times);
    } finally {
      cache.forEach(OnnxTensor::close);
    }
  }

  /**
   * The in-place export: every step appends at the same slot (lengths reset), so the past stays fixed; attention
   * reads the past and that one slot (generation reads up to an eighth more: its stride grows in steps).
   */
  private static StepTime measureInPlace(DecoderSession d, int batch, int past, int warmup, int steps,
      RunStats.Recorder stats) {
    try (SharedKvCache cache = new SharedKvCache(d, batch, past + 1);
        DecoderSession.DecodeBuffers buffers = d.decodeBuffers(batch)) {
      for (int r = 0; r < batch; r++) {
        buffers.ids.put(r, 1 + r);
        buffers.positions.put(r, past);
        cache.setLength(r, past);
      }
      cache.reserve(Math.max(1, past));
      long[] times = new long[steps];
      for (int s = 0; s < warmup + steps; s++) {
        long t0 = System.nanoTime();
        d.decodeInPlace(buffers, cache, stats).close();
        long t = System.nanoTime() - t0;
        for (int r = 0; r < batch; r++) {
          cache.setLength(r, past);
        }
        if (s >= warmup) {
          times[s - warmup] = t;
        }
      }
      return summary(batch, past, times);
    }
  }

  private static StepTime summary(int batch, int past, long[] times) {
    Arrays.sort(times);
    return new StepTime(batch, past, times[times.length / 2], times[0]);
  }
}
