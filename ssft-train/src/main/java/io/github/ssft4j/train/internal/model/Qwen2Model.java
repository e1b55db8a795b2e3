package io.github.ssft4j.train.internal.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.HfCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Qwen2 decoder ({@code Qwen2ForCausalLM}) as raw NDArray operations on DJL's PyTorch engine, loaded from a Hugging
 * Face checkpoint folder: RMSNorm, rotary position embedding, grouped-query attention with q/k/v bias, SwiGLU MLP, tied
 * or untied output head.
 *
 * <p>Parameters live in an {@link NDManager} owned by the model; every intermediate and the result of
 * {@link #forward} live in the manager of the caller's {@code inputIds}, so closing that manager frees a step
 * completely. Scalars are created as NDArrays in the caller's manager (DJL's {@code mul(Number)} frees its
 * temporary scalar before backward reads it).
 */
public final class Qwen2Model implements AutoCloseable {
  /** Additive bias of masked positions: large enough that exp underflows to 0, finite so a fully masked row gives no NaN. */
  public static final float MASKED = -1e30f;

  private final Qwen2Config config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final Path sourceDir;
  private final Map<String, byte[]> replacedFiles;
  private final float[] invFreq;

  private Qwen2Model(Qwen2Config config, NDManager manager, Map<String, NDArray> parameters, Path sourceDir,
      Map<String, byte[]> replacedFiles) {
    this.config = config;
    this.manager = manager;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.sourceDir = sourceDir;
    this.replacedFiles = Map.copyOf(replacedFiles);
    int hd = config.headDim();
    this.invFreq = new float[hd / 2];
    for (int i = 0; i < hd / 2; i++) {
      // As transformers: 1 / theta^(2i/d), with the exponent formed in float32.
      float exponent = (float) (2 * i) / hd;
      invFreq[i] = (float) (1.0 / Math.pow(config.ropeTheta(), exponent));
    }
  }

  /**
   * Loads a checkpoint folder ({@code config.json} plus {@code model.safetensors} or a sharded index) into a new
   * PyTorch-engine manager on the CPU. F16/BF16 weights are converted to float32.
   *
   * @throws ModelLoadException naming the file and tensor at fault
   */
  public static Qwen2Model load(Path hfCheckpointDir) {
    Path cfgFile = hfCheckpointDir.resolve("config.json");
    if (!Files.exists(cfgFile)) {
      throw new ModelLoadException("checkpoint folder " + hfCheckpointDir + " has no config.json");
    }
    Qwen2Config cfg = Qwen2Config.fromJson(cfgFile);
    Map<String, HfCheckpoint.Located> index = HfCheckpoint.index(hfCheckpointDir);
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (var spec : expectedParameters(cfg, index.keySet()).entrySet()) {
      HfCheckpoint.Located loc = index.get(spec.getKey());
      if (loc == null) {
        throw new ModelLoadException("checkpoint " + hfCheckpointDir + " lacks tensor '" + spec.getKey() + "'");
      }
      long[] want = spec.getValue();
      if (!Arrays.equals(loc.entry().shape(), want)) {
        throw new ModelLoadException(loc.file() + ": tensor '" + spec.getKey() + "' has shape "
            + Arrays.toString(loc.entry().shape()) + ", config.json implies " + Arrays.toString(want));
      }
      tensors.put(spec.getKey(), loc.read());
    }
    // The tokenizer and template files are kept in memory: the folder may be gone by the time the model is saved.
    return fromTensors(cfg, tensors, hfCheckpointDir, HfCheckpoint.readAuxiliaryFiles(hfCheckpointDir));
  }

  /**
   * Builds a model from float32 tensors (names as in Hugging Face checkpoints).
   *
   * @param sourceDir the folder the model came from (named in messages), or {@code null}
   * @param replacedFiles the tokenizer, template and generation files {@link #save} writes beside the weights
   *     (as read from the source folder, or e.g. a grown {@code tokenizer.json})
   */
  static Qwen2Model fromTensors(Qwen2Config cfg, Map<String, FloatTensor> tensors, Path sourceDir,
      Map<String, byte[]> replacedFiles) {
    NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    try {
      Map<String, NDArray> params = new LinkedHashMap<>();
      for (var e : tensors.entrySet()) {
        if (4L * e.getValue().data().length > Integer.MAX_VALUE) {
          // DJL copies through one direct ByteBuffer, which cannot exceed 2 GB.
          throw new ModelLoadException("tensor '" + e.getKey() + "' has " + e.getValue().data().length
              + " float32 values (over 2 GB), more than DJL can create in one NDArray");
        }
        NDArray a = m.create(e.getValue().data(), new Shape(e.getValue().shape()));
        a.setName(e.getKey());
        params.put(e.getKey(), a);
      }
      return new Qwen2Model(cfg, m, params, sourceDir, replacedFiles);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * The parameter names and shapes {@code cfg} implies, in canonical order.
   *
   * @param present the tensor names of a checkpoint: optional biases are listed only when present
   * @return tensor name to shape
   */
  public static Map<String, long[]> expectedParameters(Qwen2Config cfg, java.util.Set<String> present) {
    Map<String, long[]> out = new LinkedHashMap<>();
    long d = cfg.hiddenSize();
    long qd = (long) cfg.numAttentionHeads() * cfg.headDim();
    long kvd = (long) cfg.numKeyValueHeads() * cfg.headDim();
    long f = cfg.intermediateSize();
    out.put("model.embed_tokens.weight", new long[] {cfg.vocabSize(), d});
    for (int i = 0; i < cfg.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", new long[] {d});
      out.put(p + "self_attn.q_proj.weight", new long[] {qd, d});
      optional(out, present, p + "self_attn.q_proj.bias", new long[] {qd});
      out.put(p + "self_attn.k_proj.weight", new long[] {kvd, d});
      optional(out, present, p + "self_attn.k_proj.bias", new long[] {kvd});
      out.put(p + "self_attn.v_proj.weight", new long[] {kvd, d});
      optional(out, present, p + "self_attn.v_proj.bias", new long[] {kvd});
      out.put(p + "self_attn.o_proj.weight", new long[] {d, qd});
      out.put(p + "post_attention_layernorm.weight", new long[] {d});
      out.put(p + "mlp.gate_proj.weight", new long[] {f, d});
      out.put(p + "mlp.up_proj.weight", new long[] {f, d});
      out.put(p + "mlp.down_proj.weight", new long[] {d, f});
    }
    out.put("model.norm.weight", new long[] {d});
    if (!cfg.tieWordEmbeddings()) {
      out.put("lm_head.weight", new long[] {cfg.vocabSize(), d});
    }
    return out;
  }

  private static void optional(Map<String, long[]> out, java.util.Set<String> present, String name, long[] shape) {
    if (present.contains(name)) {
      out.put(name, shape);
    }
  }

  /** @return the architecture settings */
  public Qwen2Config config() {
    return config;
  }

  /** @return the manager that owns the parameters */
  public NDManager manager() {
    return manager;
  }

  /** @return Hugging Face tensor names to float32 parameters, in canonical checkpoint order; unmodifiable */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** @return the folder this model was loaded from (tokenizer and generation files), or {@code null} */
  Path sourceDir() {
    return sourceDir;
  }

  /** @return files that replace the source folder's on {@link #save} */
  Map<String, byte[]> replacedFiles() {
    return replacedFiles;
  }

  /**
   * Runs the decoder.
   *
   * @param inputIds {@code [B, T]} int64 token ids
   * @param positionIds {@code [B, T]} int64 positions (RoPE)
   * @param attentionBias {@code [B, 1, T, T]} float32 additive bias (0 attend, large negative masked, e.g.
   *     {@link #MASKED}), or {@code null} for plain causal masking
   * @return logits {@code [B, T, vocab]} float32 in {@code inputIds}' manager; differentiable with respect to
   *     {@link #parameters()} inside a {@code GradientCollector}
   * @throws InvalidArgumentException when shapes disagree
   */
  public NDArray forward(NDArray inputIds, NDArray positionIds, NDArray attentionBias) {
    Shape s = inputIds.getShape();
    if (s.dimension() != 2 || !positionIds.getShape().equals(s)) {
      throw new InvalidArgumentException("inputIds " + s + " and positionIds " + positionIds.getShape()
          + " must both be [B, T]");
    }
    NDManager m = inputIds.getManager();
    long b = s.get(0);
    long t = s.get(1);
    if (attentionBias != null) {
      Shape bs = attentionBias.getShape();
      if (bs.dimension() != 4 || bs.get(0) != b || bs.get(1) != 1 || bs.get(2) != t || bs.get(3) != t) {
        throw new InvalidArgumentException("attentionBias " + bs + " must be [" + b + ", 1, " + t + ", " + t + "]");
      }
    }
    int heads = config.numAttentionHeads();
    int kvHeads = config.numKeyValueHeads();
    int hd = config.headDim();
    NDArray bias = attentionBias != null ? attentionBias : causalBias(m, t);
    NDArray eps = m.create((float) config.rmsNormEps());
    NDArray scale = m.create((float) (1.0 / Math.sqrt(hd)));

    // RoPE tables [B, 1, T, hd]
    NDArray freqs = on(m, positionIds.toType(DataType.FLOAT32, false).expandDims(-1).mul(m.create(invFreq)));
    NDArray emb = on(m, freqs.concat(freqs, -1));
    NDArray cos = on(m, emb.cos().expandDims(1));
    NDArray sin = on(m, emb.sin().expandDims(1));

    NDArray x = on(m, Embedding.embedding(inputIds, p("model.embed_tokens.weight"), SparseFormat.DENSE)
        .singletonOrThrow());
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String pre = "model.layers." + i + ".";
      NDArray h = rmsNorm(m, x, p(pre + "input_layernorm.weight"), eps);
      NDArray q = heads(m, linear(m, h, pre + "self_attn.q_proj"), b, t, heads, hd);
      NDArray k = heads(m, linear(m, h, pre + "self_attn.k_proj"), b, t, kvHeads, hd);
      NDArray v = heads(m, linear(m, h, pre + "self_attn.v_proj"), b, t, kvHeads, hd);
      q = on(m, q.mul(cos).add(rotateHalf(m, q).mul(sin)));
      k = on(m, k.mul(cos).add(rotateHalf(m, k).mul(sin)));
      k = repeatKv(m, k, heads / kvHeads);
      v = repeatKv(m, v, heads / kvHeads);
      NDArray att = on(m, q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(bias).softmax(-1));
      NDArray o = on(m, att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * hd));
      x = on(m, x.add(linear(m, o, pre + "self_attn.o_proj")));
      h = rmsNorm(m, x, p(pre + "post_attention_layernorm.weight"), eps);
      NDArray g = linear(m, h, pre + "mlp.gate_proj");
      NDArray u = linear(m, h, pre + "mlp.up_proj");
      NDArray act = on(m, g.mul(Activation.sigmoid(g)).mul(u));
      x = on(m, x.add(linear(m, act, pre + "mlp.down_proj")));
    }
    x = rmsNorm(m, x, p("model.norm.weight"), eps);
    NDArray head = config.tieWordEmbeddings() ? p("model.embed_tokens.weight") : p("lm_head.weight");
    return on(m, Linear.linear(x, head).singletonOrThrow());
  }

  /**
   * Zeroes the accumulated gradients of every parameter that has one. DJL's PyTorch {@code GradientCollector}
   * accumulates into {@code .grad} across backward passes and does not zero them when opened; call this before each
   * step. (Gradients read with {@code getGradient()} are created in the parameter manager: attach them to the step's
   * manager.)
   */
  public void zeroGradients() {
    for (NDArray p : parameters.values()) {
      if (p.hasGradient()) {
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
      }
    }
  }

  /** A {@code [T, T]} causal bias: 0 on and below the diagonal, {@link #MASKED} above. */
  public static NDArray causalBias(NDManager m, long t) {
    int n = Math.toIntExact(t);
    float[] v = new float[n * n];
    for (int r = 0; r < n; r++) {
      Arrays.fill(v, r * n + r + 1, (r + 1) * n, MASKED);
    }
    return m.create(v, new Shape(t, t));
  }

  private NDArray p(String name) {
    NDArray a = parameters.get(name);
    if (a == null) {
      throw new IllegalStateException("parameter " + name + " missing");
    }
    return a;
  }

  private NDArray linear(NDManager m, NDArray in, String prefix) {
    NDArray w = p(prefix + ".weight");
    NDArray bias = parameters.get(prefix + ".bias");
    NDList r = bias == null ? Linear.linear(in, w) : Linear.linear(in, w, bias);
    return on(m, r.singletonOrThrow());
  }

  private static NDArray rmsNorm(NDManager m, NDArray x, NDArray weight, NDArray eps) {
    NDArray var = on(m, x.mul(x).mean(new int[] {-1}, true));
    NDArray normed = on(m, x.div(var.add(eps).sqrt()));
    return on(m, normed.mul(weight));
  }

  private static NDArray heads(NDManager m, NDArray a, long b, long t, int n, int hd) {
    return on(m, a.reshape(b, t, n, hd).transpose(0, 2, 1, 3));
  }

  private static NDArray rotateHalf(NDManager m, NDArray a) {
    NDList halves = a.split(2, a.getShape().dimension() - 1);
    NDArray r = halves.get(1).neg().concat(halves.get(0), -1);
    halves.attach(m);
    return on(m, r);
  }

  private static NDArray repeatKv(NDManager m, NDArray a, int rep) {
    if (rep == 1) {
      return a;
    }
    Shape s = a.getShape();
    return on(m, a.expandDims(2).broadcast(new Shape(s.get(0), s.get(1), rep, s.get(2), s.get(3)))
        .reshape(s.get(0), s.get(1) * rep, s.get(2), s.get(3)));
  }

  /** Keeps results out of the parameter manager whatever the engine chose for them. */
  private static NDArray on(NDManager m, NDArray a) {
    if (a.getManager() != m) {
      a.attach(m);
    }
    return a;
  }

  /**
   * The current parameters as float32 tensors (copied out of the engine).
   *
   * @return tensors by Hugging Face name, in canonical order
   */
  public Map<String, FloatTensor> tensors() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> out.put(k, new FloatTensor(v.getShape().getShape(), v.toFloatArray())));
    return out;
  }

  /**
   * Saves a Hugging Face checkpoint: {@code config.json}, float32 safetensors (sharded over 2 GB), and the
   * tokenizer and generation files of the source folder (or their replacements). Every file is written atomically.
   *
   * @throws TrainingException when writing fails
   */
  public void save(Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new TrainingException("cannot create " + outDir + ": " + e.getMessage(), e);
    }
    HfCheckpoint.write(outDir, tensors(), HfCheckpoint.DEFAULT_MAX_SHARD_BYTES);
    saveConfigAndTokenizer(outDir);
  }

  /**
   * Writes everything of a checkpoint but the weights: {@code config.json} and the tokenizer, template and
   * generation files (what a model folder needs beside {@code model.onnx}). Atomic per file.
   *
   * @throws TrainingException when writing fails
   */
  public void saveConfigAndTokenizer(Path outDir) {
    try {
      Files.createDirectories(outDir);
      for (var e : replacedFiles.entrySet()) {
        AtomicFiles.write(outDir.resolve(e.getKey()), e.getValue());
      }
      byte[] cfg = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(config.toJson());
      AtomicFiles.write(outDir.resolve("config.json"), cfg);
    } catch (IOException e) {
      throw new TrainingException("cannot save checkpoint files to " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** Frees the parameters. */
  @Override
  public void close() {
    manager.close();
  }
}
