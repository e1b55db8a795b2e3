package io.github.ssft4j.train.internal.onnx;

import static io.github.ssft4j.train.internal.onnx.GraphBuilder.attr;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.HfCheckpoint;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Writes a Qwen2 decoder with KV cache as ONNX, in the I/O layout of Hugging Face Optimum exports (and of the
 * reference fixtures' {@code model.onnx}).
 *
 * <p>Inputs: {@code input_ids [batch_size, sequence_length]} int64, {@code attention_mask [batch_size,
 * total_sequence_length]} int64, {@code position_ids [batch_size, sequence_length]} int64,
 * {@code past_key_values.{i}.key|value [batch_size, kv_heads, past_sequence_length, head_dim]} float32 (zero-length
 * past on the first step). Outputs: {@code logits [batch_size, sequence_length, vocab]} (or {@code [batch_size, 1,
 * vocab]} with {@link ExportOptions#lastPositionLogitsOnly()}), {@code present.{i}.key|value [batch_size, kv_heads,
 * total_sequence_length, head_dim]}. Attention is causal by index ({@code past + i} sees keys {@code 0..past+i}) and
 * masked where {@code attention_mask} is 0; rotary embeddings use {@code position_ids}.
 *
 * <p>With {@link ExportOptions.KvCache#IN_PLACE} the graph never copies the past. The cache inputs
 * {@code past_key_values.{i}.key|value [batch_size, kv_heads, past_capacity, head_dim]} are buffers the caller keeps
 * and grows; row {@code r} holds {@value #PAST_LENGTHS}{@code [r]} (int64 {@code [batch_size]}) valid positions
 * and the rest is masked. {@code attention_mask} gives way to those lengths, and {@code present.{i}.key|value
 * [batch_size, kv_heads, sequence_length, head_dim]} are the new positions only, which the caller appends to its
 * buffers at each row's length. Attention reads the buffers once per step: a KV head's queries are the rows of one
 * matrix (no Tile, no GroupQueryAttention, which reads the past once per query head), scores over the past and
 * over the new positions are softmaxed together. Rotary embeddings come from {@code position_ids}. In both
 * variants grouped KV heads are read in place (queries reshaped to their KV head's group).
 *
 * <p>Quantized exports ({@code com.microsoft.MatMulNBits}) also rotate with {@code com.microsoft.RotaryEmbedding}
 * over cos/sin tables of {@code max_position_embeddings} positions and add each residual with the norm after it in
 * {@code com.microsoft.SkipSimplifiedLayerNormalization}; float32 exports use standard operators only.
 *
 * <p>Weights are float32 initializers; when they exceed {@link #EXTERNAL_DATA_THRESHOLD} they go to
 * {@code model.onnx_data} beside the model (protobuf messages cannot exceed 2 GB). Files are written atomically.
 */
public final class Qwen2OnnxExporter {
  /**
   * Changes whenever what the graph computes for the same checkpoint and options changes (the bench caches exports
   * under it). 3: in-place attention over caller-kept buffers, no GroupQueryAttention; 4: quantized exports rotate with
   * the fused {@code com.microsoft.RotaryEmbedding}; 5: and add the residual stream in
   * {@code com.microsoft.SkipSimplifiedLayerNormalization}.
   */
  public static final String REVISION = "onnx-6";
  /** Weights above this many bytes are written as external data. */
  public static final long EXTERNAL_DATA_THRESHOLD = 1_800_000_000L;
  /** The external data file's name. */
  public static final String DATA_FILE = "model.onnx_data";
  /** Additive bias of masked attention positions (as the reference export). */
  private static final float MASKED = -1e30f;
  private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;
  private static final int BOOL = OnnxMl.TensorProto.DataType.BOOL_VALUE;
  private static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8_VALUE;
  /** MatMulNBits' {@code accuracy_level}: 4 lets the CPU kernel quantize activations to int8 (its fast path). */
  private static final int ACCURACY_LEVEL = 4;
  private static final String MS_DOMAIN = "com.microsoft";
  /** In-place variant: per row, how many positions of the cache buffers are valid, int64 {@code [batch_size]}. */
  public static final String PAST_LENGTHS = "past_lengths";

  private Qwen2OnnxExporter() {}

  /**
   * Exports a loaded (for example trained) model into a model folder: {@code model.onnx} plus {@code config.json}
   * and the tokenizer files.
   */
  public static void export(Qwen2Model model, Path modelDir, ExportOptions options) {
    Map<String, ai.djl.ndarray.NDArray> params = model.parameters();
    inNewFolder(modelDir, dir -> {
      writeOnnx(model.config(), params.keySet(),
          name -> new FloatTensor(params.get(name).getShape().getShape(), params.get(name).toFloatArray()),
          dir, options, EXTERNAL_DATA_THRESHOLD);
      model.saveConfigAndTokenizer(dir);
    });
  }

  /**
   * Writes a model folder that does not exist yet (or is empty) as a whole ({@link AtomicFiles#writeFolder}): a
   * killed export leaves no half-filled folder under the final name. Into an existing folder (e.g. the checkpoint
   * itself) the files are written one by one, each atomically, beside what is there.
   */
  private static void inNewFolder(Path modelDir, AtomicFiles.FolderWriter writer) {
    boolean fresh;
    try (var entries = Files.list(modelDir)) {
      fresh = entries.findAny().isEmpty();
    } catch (java.nio.file.NoSuchFileException e) {
      fresh = true;
    } catch (java.io.IOException e) {
      throw new TrainingException("cannot list " + modelDir + ": " + e.getMessage(), e);
    }
    if (fresh) {
      AtomicFiles.writeFolder(modelDir, writer);
      return;
    }
    try {
      writer.write(modelDir);
    } catch (java.io.IOException e) {
      throw new TrainingException("cannot write " + modelDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Exports a Hugging Face checkpoint folder into a model folder without loading an engine: tensors are read one at
   * a time from the safetensors files, so peak memory stays near the largest tensor (plus the graph when inline).
   *
   * @throws ModelLoadException when the checkpoint is missing or invalid
   * @throws TrainingException when writing fails
   */
  public static void export(Path checkpointDir, Path modelDir, ExportOptions options) {
    Path cfgFile = checkpointDir.resolve("config.json");
    if (!Files.exists(cfgFile)) {
      throw new ModelLoadException("checkpoint folder " + checkpointDir + " has no config.json");
    }
    Qwen2Config cfg = Qwen2Config.fromJson(cfgFile);
    Map<String, HfCheckpoint.Located> index = HfCheckpoint.index(checkpointDir);
    Map<String, long[]> expected = Qwen2Model.expectedParameters(cfg, index.keySet());
    for (var e : expected.entrySet()) {
      HfCheckpoint.Located loc = index.get(e.getKey());
      if (loc == null) {
        throw new ModelLoadException("checkpoint " + checkpointDir + " lacks tensor '" + e.getKey() + "'");
      }
      if (!java.util.Arrays.equals(loc.entry().shape(), e.getValue())) {
        throw new ModelLoadException(loc.file() + ": tensor '" + e.getKey() + "' has shape "
            + java.util.Arrays.toString(loc.entry().shape()) + ", config.json implies "
            + java.util.Arrays.toString(e.getValue()));
      }
    }
    inNewFolder(modelDir, dir -> {
      writeOnnx(cfg, expected.keySet(), name -> index.get(name).read(), dir, options, EXTERNAL_DATA_THRESHOLD);
      HfCheckpoint.copyAuxiliaryFiles(checkpointDir, dir, Set.of());
      AtomicFiles.copy(cfgFile, dir.resolve("config.json"));
    });
  }

  /**
   * Writes {@code model.onnx} (and {@code model.onnx_data} when the weights exceed {@code externalThreshold} bytes).
   *
   * @param names the parameter names present (decides on optional biases and the head)
   * @param tensors reads one parameter by name
   */
  static void writeOnnx(Qwen2Config cfg, Set<String> names, Function<String, FloatTensor> tensors, Path modelDir,
      ExportOptions options, long externalThreshold) {
    if (options.opset() < 13 || options.opset() > 21) {
      throw new InvalidArgumentException("opset " + options.opset() + " is not supported; use 13..21 (default 17)");
    }
    long weightBytes = 0;
    for (long[] s : Qwen2Model.expectedParameters(cfg, names).values()) {
      long n = 4;
      for (long d : s) {
        n *= d;
      }
      weightBytes += n;
    }
    boolean external = weightBytes > externalThreshold;
    try {
      Files.createDirectories(modelDir);
      Path dataTmp = null;
      FileChannel data = null;
      if (external) {
        dataTmp = Files.createTempFile(modelDir, "." + DATA_FILE, ".tmp");
        AtomicFiles.readableByAll(dataTmp);
        data = FileChannel.open(dataTmp, StandardOpenOption.WRITE);
      }
      try {
        Weights w = new Weights(tensors, data, options.weights(), options.blockSize());
        OnnxMl.ModelProto model = build(cfg, names, w, options);
        if (data != null) {
          data.force(true);
          data.close();
          data = null;
          Files.move(dataTmp, modelDir.resolve(DATA_FILE), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          dataTmp = null;
        } else {
          Files.deleteIfExists(modelDir.resolve(DATA_FILE));
        }
        AtomicFiles.write(modelDir.resolve("model.onnx"), ch -> {
          OutputStream out = Channels.newOutputStream(ch);
          model.writeTo(out);
          out.flush();
        });
      } finally {
        if (data != null) {
          data.close();
        }
        if (dataTmp != null) {
          Files.deleteIfExists(dataTmp);
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot write ONNX model into " + modelDir + ": " + e.getMessage(), e);
    }
  }

  /** Turns parameters into initializers, inline or appended to the external data file. */
  private static final class Weights {
    private final Function<String, FloatTensor> source;
    private final FileChannel data;
    final ExportOptions.Weights quantization;
    final int blockSize;
    private long offset;

    Weights(Function<String, FloatTensor> source, FileChannel data, ExportOptions.Weights quantization,
        int blockSize) {
      this.source = source;
      this.data = data;
      this.quantization = quantization;
      this.blockSize = blockSize;
    }

    /**
     * Adds parameter {@code name}, an HF linear weight {@code [N out, K in]}, quantized for
     * {@code com.microsoft.MatMulNBits}: {@code as + ".q"} uint8 {@code [N, blocks, block * bits / 8]} (symmetric,
     * zero point {@code 2^(bits-1)}, low nibble first at 4 bits; a last partial block is zero-padded) and
     * {@code as + ".scales"} float {@code [N, blocks]}.
     *
     * @return {K, N, the block size used, then each stacked weight's rows}
     */
    int[] addQuantized(OnnxMl.GraphProto.Builder g, String name, String as, int bits) throws IOException {
      return addQuantized(g, List.of(name), as, bits);
    }

    /**
     * As {@link #addQuantized(OnnxMl.GraphProto.Builder, String, String, int)}, for the rows of several weights
     * stacked in order.
     */
    int[] addQuantized(OnnxMl.GraphProto.Builder g, List<String> stacked, String as, int bits) throws IOException {
      int[] parts = new int[stacked.size()];
      FloatTensor t = stack(stacked, parts);
      int n = (int) t.shape()[0];
      int k = (int) t.shape()[1];
      int block = blockFor(k);
      float[] v = t.data();
      int blocks = (k + block - 1) / block;
      int blob = block * bits / 8;
      int zero = 1 << (bits - 1);
      int qmax = zero - 1;
      byte[] q = new byte[Math.multiplyExact(n, blocks * blob)];
      float[] scales = new float[n * blocks];
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < blocks; c++) {
          int from = r * k + c * block;
          int len = Math.min(block, k - c * block);
          float absMax = 0;
          for (int i = 0; i < len; i++) {
            absMax = Math.max(absMax, Math.abs(v[from + i]));
          }
          float scale = absMax == 0 ? 1 : absMax / qmax;
          scales[r * blocks + c] = scale;
          int base = (r * blocks + c) * blob;
          for (int i = 0; i < block; i++) {
            int level = i < len ? Math.round(v[from + i] / scale) : 0;
            int u = Math.max(-qmax, Math.min(qmax, level)) + zero;
            if (bits == 8) {
              q[base + i] = (byte) u;
            } else {
              q[base + i / 2] |= (byte) (i % 2 == 0 ? u : u << 4);
            }
          }
        }
      }
      ByteBuffer qb = ByteBuffer.wrap(q);
      ByteBuffer sb = ByteBuffer.allocate(4 * scales.length).order(ByteOrder.LITTLE_ENDIAN);
      sb.asFloatBuffer().put(scales);
      initializer(g, as + ".q", UINT8, new long[] {n, blocks, blob}, qb);
      initializer(g, as + ".scales", FLOAT, new long[] {n, blocks}, sb);
      int[] out = Arrays.copyOf(new int[] {k, n, block}, 3 + parts.length);
      System.arraycopy(parts, 0, out, 3, parts.length);
      return out;
    }

    /** The weights' rows one after the other (they must share their input width); {@code rows} gets each's rows. */
    private FloatTensor stack(List<String> names, int[] rows) {
      if (names.size() == 1) {
        FloatTensor t = source.apply(names.get(0));
        rows[0] = (int) t.shape()[0];
        return t;
      }
      List<FloatTensor> parts = new ArrayList<>();
      long total = 0;
      for (String name : names) {
        FloatTensor t = source.apply(name);
        if (!parts.isEmpty() && t.shape()[1] != parts.get(0).shape()[1]) {
          throw new IllegalArgumentException("cannot stack " + names + ": input widths differ");
        }
        rows[parts.size()] = (int) t.shape()[0];
        parts.add(t);
        total += t.shape()[0];
      }
      float[] all = new float[Math.toIntExact(total * parts.get(0).shape()[1])];
      int at = 0;
      for (FloatTensor t : parts) {
        System.arraycopy(t.data(), 0, all, at, t.data().length);
        at += t.data().length;
      }
      return new FloatTensor(new long[] {total, parts.get(0).shape()[1]}, all);
    }

    /**
     * Adds the vectors {@code names} one after the other as {@code as}, zeros where a name is {@code null};
     * {@code widths} are their lengths (each present vector must have its width).
     */
    String addStackedVector(OnnxMl.GraphProto.Builder g, List<String> names, int[] widths, String as)
        throws IOException {
      float[] all = new float[Arrays.stream(widths).sum()];
      int at = 0;
      for (int i = 0; i < widths.length; i++) {
        String name = names.get(i);
        if (name != null) {
          float[] v = source.apply(name).data();
          if (v.length != widths[i]) {
            throw new IllegalArgumentException(name + " has " + v.length + " values, its weight " + widths[i]
                + " rows");
          }
          System.arraycopy(v, 0, all, at, v.length);
        }
        at += widths[i];
      }
      ByteBuffer buf = ByteBuffer.allocate(4 * all.length).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(all);
      initializer(g, as, FLOAT, new long[] {all.length}, buf);
      return as;
    }

    /**
     * The configured block size or, for an input width {@code k} below it, the least power of two (at least 16)
     * covering {@code k}, so that a narrow matrix is not mostly zero padding.
     */
    int blockFor(int k) {
      int block = blockSize;
      while (block > 16 && block / 2 >= k) {
        block /= 2;
      }
      return block;
    }

    /** Adds parameter {@code name} (transposed when {@code transpose}) under {@code as}; returns {@code as}. */
    String add(OnnxMl.GraphProto.Builder g, String name, String as, boolean transpose) throws IOException {
      FloatTensor t = source.apply(name);
      long[] shape = t.shape();
      float[] v = t.data();
      if (transpose) {
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] tr = new float[v.length];
        for (int i = 0; i < r; i++) {
          for (int j = 0; j < c; j++) {
            tr[j * r + i] = v[i * c + j];
          }
        }
        v = tr;
        shape = new long[] {c, r};
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(4, v.length)).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(v);
      initializer(g, as, FLOAT, shape, buf);
      return as;
    }

    /** Adds an initializer of raw little-endian bytes, inline or appended to the external data file. */
    private void initializer(OnnxMl.GraphProto.Builder g, String as, int type, long[] shape, ByteBuffer bytes)
        throws IOException {
      OnnxMl.TensorProto.Builder tp = OnnxMl.TensorProto.newBuilder().setName(as).setDataType(type);
      for (long d : shape) {
        tp.addDims(d);
      }
      long length = bytes.remaining();
      if (data == null) {
        tp.setRawData(ByteString.copyFrom(bytes));
      } else {
        // Page-aligned offsets let ONNX Runtime memory-map each tensor.
        long aligned = (offset + 4095) / 4096 * 4096;
        long pos = aligned;
        while (bytes.hasRemaining()) {
          pos += data.write(bytes, pos);
        }
        tp.setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL);
        tp.addExternalData(kv("location", DATA_FILE));
        tp.addExternalData(kv("offset", Long.toString(aligned)));
        tp.addExternalData(kv("length", Long.toString(length)));
        offset = pos;
      }
      g.addInitializer(tp);
    }

    private static OnnxMl.StringStringEntryProto kv(String k, String v) {
      return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
  }

  private static OnnxMl.ModelProto build(Qwen2Config cfg, Set<String> names, Weights w, ExportOptions options)
      throws IOException {
    GraphBuilder b = new GraphBuilder("qwen2_decoder");
    OnnxMl.GraphProto.Builder g = b.graph();
    int layers = cfg.numHiddenLayers();
    int heads = cfg.numAttentionHeads();
    int kvHeads = cfg.numKeyValueHeads();
    int hd = cfg.headDim();
    int opset = options.opset();
    boolean inPlace = options.kvCache() == ExportOptions.KvCache.IN_PLACE;
    // In place, the past is the caller's buffer (valid up to each row's length) and present holds the new positions;
    // concatenated, present is the past one position longer.
    String pastLength = inPlace ? "past_capacity" : "past_sequence_length";
    String presentLength = inPlace ? "sequence_length" : "total_sequence_length";
    g.addInput(GraphBuilder.valueInfo("input_ids", INT64, "batch_size", "sequence_length"));
    if (!inPlace) {
      g.addInput(GraphBuilder.valueInfo("attention_mask", INT64, "batch_size", "total_sequence_length"));
    }
    g.addInput(GraphBuilder.valueInfo("position_ids", INT64, "batch_size", "sequence_length"));
    for (int i = 0; i < layers; i++) {
      for (String kv : new String[] {"key", "value"}) {
        g.addInput(GraphBuilder.valueInfo("past_key_values." + i + "." + kv, FLOAT, "batch_size", (long) kvHeads,
            pastLength, (long) hd));
      }
    }
    if (inPlace) {
      g.addInput(GraphBuilder.valueInfo(PAST_LENGTHS, INT64, "batch_size"));
    }
    g.addOutput(GraphBuilder.valueInfo("logits", FLOAT, "batch_size",
        options.lastPositionLogitsOnly() ? (Object) 1L : "sequence_length", (long) cfg.vocabSize()));
    for (int i = 0; i < layers; i++) {
      for (String kv : new String[] {"key", "value"}) {
        g.addOutput(GraphBuilder.valueInfo("present." + i + "." + kv, FLOAT, "batch_size", (long) kvHeads,
            presentLength, (long) hd));
      }
    }
    long[] scalar = new long[0];
    String bias = inPlace ? null : attentionBias(b, scalar);

    // Rotary tables [b, 1, s, hd] from position_ids.
    float[] inv = new float[hd / 2];
    for (int i = 0; i < hd / 2; i++) {
      inv[i] = (float) (1.0 / Math.pow(cfg.ropeTheta(), (float) (2 * i) / hd));
    }
    UnaryOperator<String> rotary;
    int maxPositions = cfg.raw().path("max_position_embeddings").asInt(0);
    if (w.quantization != ExportOptions.Weights.F32 && maxPositions > 0) {
      // The graph depends on com.microsoft already: its fused RotaryEmbedding, over tables computed as the
      // unfused graph would (float position times float frequency), saves a dozen small ops a layer.
      float[] cosTable = new float[maxPositions * (hd / 2)];
      float[] sinTable = new float[cosTable.length];
      for (int pos = 0; pos < maxPositions; pos++) {
        for (int i = 0; i < hd / 2; i++) {
          float angle = (float) pos * inv[i];
          cosTable[pos * (hd / 2) + i] = (float) Math.cos(angle);
          sinTable[pos * (hd / 2) + i] = (float) Math.sin(angle);
        }
      }
      long[] tableShape = {maxPositions, hd / 2};
      String cosCache = b.constFloats(tableShape, cosTable);
      String sinCache = b.constFloats(tableShape, sinTable);
      rotary = x -> fusedRope(b, x, cosCache, sinCache);
    } else {
      String posF = unsqueeze(b, b.op("Cast", List.of("position_ids"), attr("to", FLOAT)), 2);
      String freqs = b.op("Mul", List.of(posF, b.constFloats(new long[] {hd / 2}, inv)));
      String emb = b.op("Concat", List.of(freqs, freqs), attr("axis", -1));
      // [b, 1, s, hd] against heads-first [b, n, s, hd].
      String cos = unsqueeze(b, b.op("Cos", List.of(emb)), 1);
      String sin = unsqueeze(b, b.op("Sin", List.of(emb)), 1);
      String split = b.constLongs(new long[] {2}, hd / 2, hd / 2);
      rotary = x -> rope(b, x, cos, sin, split);
    }

    String eps = b.constFloats(scalar, (float) cfg.rmsNormEps());
    String scale = b.constFloats(scalar, (float) (1.0 / Math.sqrt(hd)));
    String shapeQ = b.constLongs(new long[] {4}, 0, 0, heads, hd);
    String shapeKv = b.constLongs(new long[] {4}, 0, 0, kvHeads, hd);
    String shapeO = b.constLongs(new long[] {3}, 0, 0, (long) heads * hd);
    int rep = heads / kvHeads;
    // Grouped heads without copies: query head h reads KV head h / rep (as transformers' repeat_kv), so the queries
    // of one KV head are rows of one matrix [rep * s, hd] and one MatMul serves the group.
    String shapeGroups = rep == 1 ? null : b.constLongs(new long[] {4}, 0, kvHeads, -1, 0);
    String shapeHeads = rep == 1 ? null : b.constLongs(new long[] {4}, 0, heads, -1, 0);
    UnaryOperator<String> grouped = t -> rep == 1 ? t : b.op("Reshape", List.of(t, shapeGroups));
    UnaryOperator<String> ungrouped = t -> rep == 1 ? t : b.op("Reshape", List.of(t, shapeHeads));
    BufferMasks masks = inPlace ? BufferMasks.build(b, scalar, rep) : null;

    String x = b.op("Gather", List.of(w.add(g, "model.embed_tokens.weight", "model.embed_tokens.weight", false),
        "input_ids"), attr("axis", 0));
    Norms norms = new Norms(b, g, w, eps, (float) cfg.rmsNormEps(), opset);
    String pending = null; // an addend of the residual stream not yet added to x
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      String[] hx = norms.addThenNorm(x, pending, p + "input_layernorm.weight");
      String h = hx[0];
      x = hx[1];
      String[] qkv = linears(b, g, w, names, h, p + "self_attn.q_proj", p + "self_attn.k_proj",
          p + "self_attn.v_proj");
      String q = rotary.apply(heads(b, qkv[0], shapeQ));
      String k = rotary.apply(heads(b, qkv[1], shapeKv));
      String v = heads(b, qkv[2], shapeKv);
      String pastK = "past_key_values." + i + ".key";
      String pastV = "past_key_values." + i + ".value";
      String pv; // [b, n, s, hd]
      if (inPlace) {
        // The nodes that make the new positions write the graph outputs themselves (an Identity would copy them).
        k = b.rename(k, "present." + i + ".key");
        v = b.rename(v, "present." + i + ".value");
        // Scaled once here rather than over every score.
        String qg = grouped.apply(b.op("Mul", List.of(q, scale)));
        String pastScores = b.op("Add", List.of(b.op("MatMul", List.of(qg, transposed(b, pastK))), masks.past()));
        String newScores = b.op("Add", List.of(b.op("MatMul", List.of(qg, transposed(b, k))), masks.causal()));
        String probs = b.op("Softmax", List.of(b.op("Concat", List.of(pastScores, newScores), attr("axis", -1))),
            attr("axis", -1));
        String pastProbs = "probs_past_" + i;
        String newProbs = "probs_new_" + i;
        b.node("Split", "", List.of(probs, masks.split()), List.of(pastProbs, newProbs), attr("axis", -1));
        pv = ungrouped.apply(b.op("Add", List.of(b.op("MatMul", List.of(pastProbs, pastV)),
            b.op("MatMul", List.of(newProbs, v)))));
      } else {
        String kAll = b.opNamed("Concat", List.of(pastK, k), "present." + i + ".key", attr("axis", 2));
        String vAll = b.opNamed("Concat", List.of(pastV, v), "present." + i + ".value", attr("axis", 2));
        // The bias is per position, so the scores return to heads for it and to groups for P·V.
        String qk = ungrouped.apply(b.op("MatMul", List.of(grouped.apply(q), transposed(b, kAll))));
        String probs = b.op("Softmax", List.of(b.op("Add", List.of(b.op("Mul", List.of(qk, scale)), bias))),
            attr("axis", -1));
        pv = ungrouped.apply(b.op("MatMul", List.of(grouped.apply(probs), vAll)));
      }
      String o = b.op("Reshape", List.of(b.op("Transpose", List.of(pv), attr("perm", 0, 2, 1, 3)), shapeO));
      hx = norms.addThenNorm(x, linear(b, g, w, names, o, p + "self_attn.o_proj"),
          p + "post_attention_layernorm.weight");
      h = hx[0];
      x = hx[1];
      String[] gateUp = linears(b, g, w, names, h, p + "mlp.gate_proj", p + "mlp.up_proj");
      String gate = gateUp[0];
      String up = gateUp[1];
      String act = b.op("Mul", List.of(b.op("Mul", List.of(gate, b.op("Sigmoid", List.of(gate)))), up));
      pending = linear(b, g, w, names, act, p + "mlp.down_proj");
    }
    x = norms.addThenNorm(x, pending, "model.norm.weight")[0];
    if (options.lastPositionLogitsOnly()) {
      x = b.op("Slice", List.of(x, b.constLongs(new long[] {1}, -1), b.constLongs(new long[] {1}, Long.MAX_VALUE),
          b.constLongs(new long[] {1}, 1)));
    }
    String headWeight = cfg.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
    if (w.quantization != ExportOptions.Weights.F32) {
      b.rename(matMulNBits(b, g, w, x, List.of(headWeight), Collections.singletonList(null), "lm_head", new int[4]),
          "logits");
    } else {
      String head = cfg.tieWordEmbeddings()
          ? b.op("Transpose", List.of("model.embed_tokens.weight"), attr("perm", 1, 0))
          : w.add(g, "lm_head.weight", "lm_head.weight.T", true);
      b.opNamed("MatMul", List.of(x, head), "logits");
    }
    OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("ssft4j")
        .setProducerVersion(REVISION)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
    if (w.quantization != ExportOptions.Weights.F32) {
      model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1));
    }
    return model.setGraph(g).build();
  }

  /**
   * The in-place variant's attention biases, shared by every layer: {@code past [b, 1, 1, capacity]} masks each
   * row's buffer beyond {@value #PAST_LENGTHS}; {@code causal [rep * s, s]} lets new position {@code i} (query row
   * {@code j} of a KV head's group is position {@code j mod s}) see new positions {@code 0..i}; {@code split} is
   * {@code [capacity, s]}, to part the softmaxed scores again.
   */
  private record BufferMasks(String past, String causal, String split) {
    static BufferMasks build(GraphBuilder b, long[] scalar, int rep) {
      String one = b.constLongs(scalar, 1);
      String zero = b.constLongs(scalar, 0);
      String two = b.constLongs(scalar, 2);
      String seq = b.op("Gather", List.of(b.op("Shape", List.of("input_ids")), one), attr("axis", 0));
      String capacity = b.op("Gather", List.of(b.op("Shape", List.of("past_key_values.0.key")), two),
          attr("axis", 0));
      String slots = unsqueeze(b, b.op("Range", List.of(zero, capacity, one)), 0);
      String valid = b.op("Less", List.of(slots, unsqueeze(b, PAST_LENGTHS, 1)));
      String past = unsqueeze(b, b.op("Where", List.of(valid, b.constFloats(scalar, 0f),
          b.constFloats(scalar, MASKED))), 1, 2);
      String rows = b.op("Range", List.of(zero, b.op("Mul", List.of(seq, b.constLongs(scalar, rep))), one));
      String queryPos = unsqueeze(b, b.op("Mod", List.of(rows, seq)), 1);
      String keyPos = unsqueeze(b, b.op("Range", List.of(zero, seq, one)), 0);
      String causal = b.op("Where", List.of(b.op("LessOrEqual", List.of(keyPos, queryPos)),
          b.constFloats(scalar, 0f), b.constFloats(scalar, MASKED)));
      String split = b.op("Concat", List.of(unsqueeze(b, capacity, 0), unsqueeze(b, seq, 0)), attr("axis", 0));
      return new BufferMasks(past, causal, split);
    }
  }

  /** Attention bias {@code [b, 1, s, total]}: causal by index, and {@code attention_mask}. */
  private static String attentionBias(GraphBuilder b, long[] scalar) {
    String oneScalar = b.constLongs(scalar, 1);
    String zeroScalar = b.constLongs(scalar, 0);
    String seq = b.op("Gather", List.of(b.op("Shape", List.of("input_ids")), oneScalar), attr("axis", 0));
    String total = b.op("Gather", List.of(b.op("Shape", List.of("attention_mask")), oneScalar), attr("axis", 0));
    String past = b.op("Sub", List.of(total, seq));
    String qpos = unsqueeze(b, b.op("Range", List.of(past, total, oneScalar)), 1);
    String kpos = unsqueeze(b, b.op("Range", List.of(zeroScalar, total, oneScalar)), 0);
    String causal = b.op("LessOrEqual", List.of(kpos, qpos));
    String maskBool = b.op("Cast", List.of("attention_mask"), attr("to", BOOL));
    String keep = b.op("And", List.of(causal, unsqueeze(b, maskBool, 1, 2)));
    return b.op("Where", List.of(keep, b.constFloats(scalar, 0f), b.constFloats(scalar, MASKED)));
  }

  private static String unsqueeze(GraphBuilder b, String in, long... axes) {
    return b.op("Unsqueeze", List.of(in, b.constLongs(new long[] {axes.length}, axes)));
  }

  /**
   * The residual stream's adds and RMS norms. Quantized exports (which need {@code com.microsoft} anyway) fuse each
   * add with the norm that follows into one {@code SkipSimplifiedLayerNormalization}, which also returns the sum;
   * float32 exports keep standard operators (an Add, and the pattern ONNX Runtime fuses into a norm).
   */
  private record Norms(GraphBuilder b, OnnxMl.GraphProto.Builder g, Weights w, String eps, float epsilon,
      int opset) {
    /** @return {@code {rms(x + addend), x + addend}}; without an addend, {@code {rms(x), x}} */
    String[] addThenNorm(String x, String addend, String weight) throws IOException {
      if (addend == null) {
        return new String[] {rms(b, g, w, x, weight, eps, opset), x};
      }
      if (w.quantization == ExportOptions.Weights.F32) {
        String sum = b.op("Add", List.of(x, addend));
        return new String[] {rms(b, g, w, sum, weight, eps, opset), sum};
      }
      String normed = "skip_norm_" + weight;
      String sum = "residual_" + weight;
      b.node("SkipSimplifiedLayerNormalization", MS_DOMAIN, List.of(addend, x, w.add(g, weight, weight, false)),
          List.of(normed, "", "", sum), attr("epsilon", epsilon));
      return new String[] {normed, sum};
    }
  }

  private static String rms(GraphBuilder b, OnnxMl.GraphProto.Builder g, Weights w, String x, String weight,
      String eps, int opset) throws IOException {
    // Pow(x, 2), not Mul(x, x): ONNX Runtime fuses exactly this pattern into one SimplifiedLayerNormalization
    // (six kernels become one, 49 times a step at 24 layers).
    String sq = b.op("Pow", List.of(x, b.constFloats(new long[0], 2f)));
    String var = opset >= 18
        ? b.op("ReduceMean", List.of(sq, b.constLongs(new long[] {1}, -1)), attr("keepdims", 1))
        : b.op("ReduceMean", List.of(sq), attr("axes", new long[] {-1}), attr("keepdims", 1));
    String normed = b.op("Div", List.of(x, b.op("Sqrt", List.of(b.op("Add", List.of(var, eps))))));
    return b.op("Mul", List.of(normed, w.add(g, weight, weight, false)));
  }

  private static String linear(GraphBuilder b, OnnxMl.GraphProto.Builder g, Weights w, Set<String> names, String in,
      String prefix) throws IOException {
    String bias = names.contains(prefix + ".bias") ? prefix + ".bias" : null;
    if (w.quantization != ExportOptions.Weights.F32) {
      return matMulNBits(b, g, w, in, List.of(prefix + ".weight"), Collections.singletonList(bias),
          prefix + ".weight", new int[4]);
    }
    String y = b.op("MatMul", List.of(in, w.add(g, prefix + ".weight", prefix + ".weight.T", true)));
    return bias == null ? y : b.op("Add", List.of(y, w.add(g, bias, bias, false)));
  }

  /**
   * Several linear layers reading the same input ({@code prefixes}: q, k, v, or gate, up). With quantized weights
   * their rows are stacked into one {@code MatMulNBits} and its output split: one wider kernel instead of several
   * narrow ones (at six rows the narrow ones are bound by per-call overhead). Float weights keep one MatMul each.
   */
  private static String[] linears(GraphBuilder b, OnnxMl.GraphProto.Builder g, Weights w, Set<String> names,
      String in, String... prefixes) throws IOException {
    String[] out = new String[prefixes.length];
    if (w.quantization == ExportOptions.Weights.F32) {
      for (int i = 0; i < prefixes.length; i++) {
        out[i] = linear(b, g, w, names, in, prefixes[i]);
      }
      return out;
    }
    List<String> weights = new ArrayList<>();
    List<String> biases = new ArrayList<>();
    for (String prefix : prefixes) {
      weights.add(prefix + ".weight");
      biases.add(names.contains(prefix + ".bias") ? prefix + ".bias" : null);
    }
    int[] kn = new int[3 + prefixes.length];
    String fused = matMulNBits(b, g, w, in, weights, biases, prefixes[0] + ".stacked", kn);
    long[] widths = new long[prefixes.length];
    for (int i = 0; i < prefixes.length; i++) {
      widths[i] = kn[3 + i];
    }
    OnnxMl.NodeProto.Builder split = OnnxMl.NodeProto.newBuilder().setOpType("Split").setName(fused + "_split")
        .addInput(fused).addInput(b.constLongs(new long[] {widths.length}, widths)).addAttribute(attr("axis", -1));
    for (int i = 0; i < prefixes.length; i++) {
      out[i] = fused + "_" + i;
      split.addOutput(out[i]);
    }
    b.graph().addNode(split);
    return out;
  }

  /**
   * {@code in @ [w1; w2; ...]^T + [b1; b2; ...]}: the weights' rows stacked into one quantized matrix, their biases
   * ({@code null} for a weight without one, read as zeros) into the kernel's own bias input, which saves an Add per
   * weight; {@code shape} receives {@link Weights#addQuantized}'s result.
   */
  private static String matMulNBits(GraphBuilder b, OnnxMl.GraphProto.Builder g, Weights w, String in,
      List<String> weight, List<String> biases, String as, int[] shape) throws IOException {
    int bits = w.quantization.bits();
    int[] kn = w.addQuantized(g, weight, as, bits);
    System.arraycopy(kn, 0, shape, 0, kn.length);
    int block = kn[2];
    String out = "mmnb_" + as;
    List<String> inputs = new ArrayList<>(List.of(in, as + ".q", as + ".scales"));
    if (biases.stream().anyMatch(Objects::nonNull)) {
      // Inputs 3 and 4 (zero points, group indices) stay absent.
      inputs.addAll(List.of("", "", w.addStackedVector(g, biases, Arrays.copyOfRange(kn, 3, kn.length), as + ".bias")));
    }
    // accuracy_level 4: activations are quantized to int8 per block too, ONNX Runtime's fast CPU path at any width.
    b.node("MatMulNBits", MS_DOMAIN, inputs, List.of(out), attr("K", kn[0]), attr("N", kn[1]), attr("bits", bits),
        attr("block_size", block), attr("accuracy_level", ACCURACY_LEVEL));
    return out;
  }

  /** The last two axes swapped (ONNX Runtime folds it into the MatMul that reads it). */
  private static String transposed(GraphBuilder b, String x) {
    return b.op("Transpose", List.of(x), attr("perm", 0, 1, 3, 2));
  }

  /** {@code [b, s, n*hd]} to {@code [b, n, s, hd]}. */
  private static String heads(GraphBuilder b, String in, String shape) {
    return b.op("Transpose", List.of(b.op("Reshape", List.of(in, shape))), attr("perm", 0, 2, 1, 3));
  }

  /** ONNX Runtime's fused rotary embedding over heads-first {@code [b, n, s, hd]}, rotating halves as Qwen2. */
  private static String fusedRope(GraphBuilder b, String x, String cosCache, String sinCache) {
    String out = x + "_rotary";
    b.node("RotaryEmbedding", MS_DOMAIN, List.of(x, "position_ids", cosCache, sinCache), List.of(out),
        attr("interleaved", 0));
    return out;
  }

  private static String rope(GraphBuilder b, String x, String cos, String sin, String split) {
    b.node("Split", "", List.of(x, split), List.of(x + "_lo", x + "_hi"), attr("axis", -1));
    String rotated = b.op("Concat", List.of(b.op("Neg", List.of(x + "_hi")), x + "_lo"), attr("axis", -1));
    return b.op("Add", List.of(b.op("Mul", List.of(x, cos)), b.op("Mul", List.of(rotated, sin))));
  }
}
