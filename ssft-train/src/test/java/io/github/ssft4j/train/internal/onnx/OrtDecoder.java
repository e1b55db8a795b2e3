package io.github.ssft4j.train.internal.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs an exported decoder step by step with ONNX Runtime, feeding each step's present tensors back as past. */
final class OrtDecoder implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private OrtSession.Result previous;
  private long total;

  OrtDecoder(Path model, int layers, int kvHeads, int headDim) throws OrtException {
    this.session = env.createSession(model.toString(), new OrtSession.SessionOptions());
    this.layers = layers;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
  }

  /**
   * Runs one step: {@code ids[b][s]}, with {@code mask} covering past + new tokens and {@code positions[b][s]}.
   *
   * @return logits {@code [b][s_out][vocab]} flattened
   */
  float[] step(long[][] ids, long[][] mask, long[][] positions) throws OrtException {
    int b = ids.length;
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", longs(ids));
      in.put("attention_mask", longs(mask));
      in.put("position_ids", longs(positions));
      for (int i = 0; i < layers; i++) {
        for (String kv : new String[] {"key", "value"}) {
          if (previous == null) {
            in.put("past_key_values." + i + "." + kv, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                new long[] {b, kvHeads, 0, headDim}));
          }
        }
      }
      Map<String, OnnxTensor> feed = new HashMap<>(in);
      if (previous != null) {
        for (int i = 0; i < layers; i++) {
          for (String kv : new String[] {"key", "value"}) {
            feed.put("past_key_values." + i + "." + kv,
                (OnnxTensor) previous.get("present." + i + "." + kv).orElseThrow());
          }
        }
      }
      OrtSession.Result r = session.run(feed);
      if (previous != null) {
        previous.close();
      }
      previous = r;
      OnnxValue logits = r.get("logits").orElseThrow();
      FloatBuffer fb = ((OnnxTensor) logits).getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      long[] presentShape = ((OnnxTensor) r.get("present.0.key").orElseThrow()).getInfo().getShape();
      total = presentShape[2];
      return out;
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** @return the cached sequence length after the last step */
  long total() {
    return total;
  }

  /** @return input and output names with shapes, for layout checks */
  Map<String, String> signature() throws OrtException {
    Map<String, String> out = new HashMap<>();
    session.getInputInfo().forEach((k, v) -> out.put("in:" + k, v.getInfo().toString()));
    session.getOutputInfo().forEach((k, v) -> out.put("out:" + k, v.getInfo().toString()));
    return out;
  }

  private OnnxTensor longs(long[][] a) throws OrtException {
    int s = a[0].length;
    LongBuffer buf = LongBuffer.allocate(a.length * s);
    for (long[] row : a) {
      buf.put(row);
    }
    buf.flip();
    return OnnxTensor.createTensor(env, buf, new long[] {a.length, s});
  }

  @Override
  public void close() throws OrtException {
    if (previous != null) {
      previous.close();
    }
    session.close();
  }
}
