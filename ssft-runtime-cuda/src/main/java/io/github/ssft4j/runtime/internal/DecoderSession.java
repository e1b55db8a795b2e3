package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An exported Hugging Face decoder with KV cache (Optimum naming) in an ONNX Runtime session. Its I/O names and
 * cache geometry are read from the model: {@code input_ids}, {@code attention_mask}, optional
 * {@code position_ids}, {@code past_key_values.{i}.key|value} in; {@code logits}, {@code present.{i}.key|value}
 * out. Thread-safe ({@link OrtSession#run} is).
 */
final class DecoderSession implements AutoCloseable {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String POSITION_IDS = "position_ids";
  static final String LOGITS = "logits";
  static final String PAST_LENGTHS = "past_lengths";
  /** The input of the first in-place format (GroupQueryAttention), recognised to ask for a new export. */
  private static final String GQA_SEQLENS_K = "seqlens_k";

  final OrtEnvironment env;
  final OrtSession session;
  final RuntimeOptions.ExecutionProvider provider;
  final int layers;
  final int kvHeads;
  final int headDim;
  final int vocab;
  final boolean hasPositionIds;
  final boolean lastPositionLogitsOnly;
  /** An in-place export ({@link SharedKvCache}): {@code past_lengths} in, no mask; {@code present.*} new positions. */
  final boolean inPlace;
  private final String[] pastNames;
  private final String[] presentNames;
  private final Set<String> presentSet;

  private DecoderSession(OrtSession session, RuntimeOptions.ExecutionProvider provider, Path model, int layersHint,
      int kvHint, int headDimHint, int vocabHint) throws OrtException {
    this.env = OrtNative.environment();
    this.session = session;
    this.provider = provider;
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (inputs.containsKey(GQA_SEQLENS_K)) {
      throw new ModelLoadException(model + " is an in-place export of an earlier ssft4j (input '" + GQA_SEQLENS_K
          + "', GroupQueryAttention), which this runtime no longer runs: export it again with "
          + "ssft export --kv-cache in-place");
    }
    this.inPlace = inputs.containsKey(PAST_LENGTHS);
    for (String required : inPlace ? List.of(INPUT_IDS, POSITION_IDS)
        : List.of(INPUT_IDS, ATTENTION_MASK)) {
      if (!inputs.containsKey(required)) {
        throw new ModelLoadException(model + " has no input '" + required + "' (inputs: "
            + new TreeSet<>(inputs.keySet()) + "); expected a decoder exported with Optimum naming");
      }
    }
    if (!outputs.containsKey(LOGITS)) {
      throw new ModelLoadException(model + " has no output 'logits' (outputs: " + new TreeSet<>(outputs.keySet())
          + ")");
    }
    this.hasPositionIds = inputs.containsKey(POSITION_IDS);
    int n = 0;
    while (inputs.containsKey(pastName(n, "key"))) {
      n++;
    }
    if (n == 0) {
      throw new ModelLoadException(model + " has no KV-cache input 'past_key_values.0.key' (inputs: "
          + new TreeSet<>(inputs.keySet()) + "); export the decoder with past key values");
    }
    this.layers = n;
    this.pastNames = new String[2 * n];
    this.presentNames = new String[2 * n];
    for (int i = 0; i < n; i++) {
      for (int kv = 0; kv < 2; kv++) {
        String part = kv == 0 ? "key" : "value";
        pastNames[2 * i + kv] = pastName(i, part);
        presentNames[2 * i + kv] = "present." + i + "." + part;
        if (!inputs.containsKey(pastNames[2 * i + kv])) {
          throw new ModelLoadException(model + " has no input '" + pastNames[2 * i + kv] + "'");
        }
        if (!outputs.containsKey(presentNames[2 * i + kv])) {
          throw new ModelLoadException(model + " has no output '" + presentNames[2 * i + kv] + "' (outputs: "
              + new TreeSet<>(outputs.keySet()) + ")");
        }
      }
    }
    this.presentSet = Set.of(presentNames);
    Set<String> known = new java.util.HashSet<>(List.of(pastNames));
    known.addAll(inPlace ? List.of(INPUT_IDS, POSITION_IDS, PAST_LENGTHS)
        : List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS));
    for (String name : inputs.keySet()) {
      if (!known.contains(name)) {
        throw new ModelLoadException(model + " has an input this runtime cannot feed: '" + name + "'");
      }
    }
    long[] past = shape(inputs.get(pastNames[0]), model);
    if (past.length != 4) {
      throw new ModelLoadException(model + ": input '" + pastNames[0] + "' must have rank 4 [batch, kv_heads, "
          + "past, head_dim], has shape " + java.util.Arrays.toString(past));
    }
    if (layersHint > 0 && layersHint != n) {
      throw new ModelLoadException(model + " has KV-cache inputs for " + n + " layers but config.json "
          + "num_hidden_layers is " + layersHint + ": config and model do not belong together");
    }
    this.kvHeads = dim(past[1], kvHint, model, pastNames[0] + " kv_heads", "num_key_value_heads");
    this.headDim = dim(past[3], headDimHint, model, pastNames[0] + " head_dim", "head_dim (or hidden_size / "
        + "num_attention_heads)");
    long[] logits = shape(outputs.get(LOGITS), model);
    this.vocab = dim(logits[logits.length - 1], vocabHint, model, "logits vocab", "vocab_size");
    // Some exports compute logits for the last position only.
    this.lastPositionLogitsOnly = logits.length == 3 && logits[1] == 1;
  }

  static DecoderSession open(ModelFolder folder, RuntimeOptions runtime) {
    SessionFactory.Opened opened = SessionFactory.open(folder.model(), runtime);
    try {
      return new DecoderSession(opened.session(), opened.provider(), folder.model(), folder.layers(),
          folder.kvHeadsHint(),
          folder.headDimHint(), folder.vocabHint());
    } catch (OrtException | RuntimeException e) {
      try {
        opened.session().close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof ModelLoadException m) {
        throw m;
      }
      throw new ModelLoadException("cannot read the inputs and outputs of " + folder.model() + ": "
          + e.getMessage(), e);
    }
  }

  private static String pastName(int layer, String part) {
    return "past_key_values." + layer + "." + part;
  }

  private static long[] shape(NodeInfo info, Path model) {
    if (!(info.getInfo() instanceof TensorInfo t)) {
      throw new ModelLoadException(model + ": " + info.getName() + " is not a tensor");
    }
    if (t.type != OnnxJavaType.FLOAT && !info.getName().equals(INPUT_IDS)) {
      if (info.getName().startsWith("past") || info.getName().equals(LOGITS)) {
        throw new ModelLoadException(model + ": " + info.getName() + " must be float32, is " + t.type);
      }
    }
    return t.getShape();
  }

  /** A dimension from the graph, checked against config.json; the config's value when the graph's is symbolic. */
  private static int dim(long fromModel, int hint, Path model, String what, String field) {
    if (fromModel > 0 && hint > 0 && fromModel != hint) {
      throw new ModelLoadException(model + ": " + what + " is " + fromModel + " but config.json " + field + " gives "
          + hint + ": config and model do not belong together");
    }
    if (fromModel > 0) {
      return (int) fromModel;
    }
    if (hint > 0) {
      return hint;
    }
    throw new ModelLoadException(model + ": " + what + " is symbolic and config.json does not give " + field);
  }

  /** @return the cache input name of slot {@code j} (layer {@code j / 2}, key when even) */
  String pastName(int j) {
    return pastNames[j];
  }

  /** @return how many cache tensors a step takes (two per layer) */
  int cacheSlots() {
    return pastNames.length;
  }

  /**
   * One forward pass. The caller owns {@code past} and closes the returned step.
   *
   * @param ids {@code [batch, seq]} token ids, row-major
   * @param mask {@code [batch, past + seq]} attention mask, row-major
   * @param positions {@code [batch, seq]} positions, row-major
   * @param past the cache tensors, in {@link #pastName(int)} order
   * @param stats where the {@code session.run} time is added
   */
  Step run(long[] ids, long[] mask, long[] positions, int batch, List<OnnxTensor> past, RunStats.Recorder stats) {
    if (inPlace) {
      throw new GenerationException("this export keeps its KV cache in place (input past_lengths, no "
          + "attention_mask): this operation needs a concatenating export "
          + "(ssft export --kv-cache concat)");
    }
    int seq = ids.length / batch;
    int logitsSeq = lastPositionLogitsOnly ? 1 : seq;
    List<OnnxTensor> created = new ArrayList<>(4);
    try {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put(INPUT_IDS, track(created, longTensor(ids, batch, seq)));
      inputs.put(ATTENTION_MASK, track(created, longTensor(mask, batch, mask.length / batch)));
      if (hasPositionIds) {
        inputs.put(POSITION_IDS, track(created, longTensor(positions, batch, seq)));
      }
      // Logits land in a direct buffer of ours, read in place: no heap copy of [batch, seq, vocab] floats.
      FloatBuffer logits = directFloats(batch * logitsSeq * vocab);
      long[] shape = {batch, logitsSeq, vocab};
      OnnxTensor pinned = track(created, floatTensor(logits, shape));
      return run(inputs, past, pinned, logits, shape, stats);
    } catch (OrtException e) {
      throw failure(e, batch, seq);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }


  /**
   * One decode step ({@code seq = 1}) from the ids and positions already written into {@code buffers}; the
   * logits land in {@code buffers.logits()}.
   *
   * @param buffers the batch's reusable input and output tensors
   * @param mask {@code [batch, past + 1]} attention mask, row-major: a direct buffer from position 0 to its limit,
   *     wrapped without a copy
   * @param past the cache tensors
   * @param stats where the {@code session.run} time is added
   */
  Step decode(DecodeBuffers buffers, LongBuffer mask, List<OnnxTensor> past, RunStats.Recorder stats) {
    int batch = buffers.batch;
    try (OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask, new long[] {batch, mask.limit() / batch})) {
      // The same map every step: replacing the values of existing keys allocates nothing.
      Map<String, OnnxTensor> inputs = buffers.inputs;
      inputs.put(ATTENTION_MASK, maskTensor);
      return run(inputs, past, buffers.logitsTensor, buffers.logits, buffers.logitsShape, stats);
    } catch (OrtException e) {
      throw failure(e, batch, 1);
    }
  }

  /**
   * One forward pass of an in-place export over the first {@code cache.batch()} rows; each row's new positions are
   * then appended to {@code cache} at its length.
   *
   * @param ids {@code [batch, seq]} token ids, row-major
   * @param positions {@code [batch, seq]} positions (rotary), row-major
   */
  Step runInPlace(long[] ids, long[] positions, SharedKvCache cache, RunStats.Recorder stats) {
    int batch = cache.batch();
    int seq = ids.length / batch;
    int logitsSeq = lastPositionLogitsOnly ? 1 : seq;
    List<OnnxTensor> created = new ArrayList<>(4);
    try {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put(INPUT_IDS, track(created, longTensor(ids, batch, seq)));
      inputs.put(POSITION_IDS, track(created, longTensor(positions, batch, seq)));
      LongBuffer lengths = directLongs(batch);
      inputs.put(PAST_LENGTHS, track(created, OnnxTensor.createTensor(env, lengths, new long[] {batch})));
      FloatBuffer logits = directFloats(batch * logitsSeq * vocab);
      long[] shape = {batch, logitsSeq, vocab};
      Map<String, OnnxTensor> pinned = new HashMap<>();
      pinned.put(LOGITS, track(created, floatTensor(logits, shape)));
      Step step = runBuffered(inputs, lengths, cache, pinned, presentSet, logits, shape, stats);
      try {
        List<FloatBuffer> fresh = new ArrayList<>(presentNames.length);
        for (OnnxTensor t : step.present()) {
          fresh.add(t.getFloatBuffer()); // prefill only: decode steps pin these outputs instead
        }
        stats.bytesCopied += cache.append(fresh, seq);
        return step;
      } catch (RuntimeException e) {
        step.close();
        throw e;
      }
    } catch (OrtException e) {
      throw failure(e, batch, seq);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  /**
   * One in-place decode step from the ids and positions already written into {@code buffers}; the new positions
   * are then appended to {@code cache}.
   */
  Step decodeInPlace(DecodeBuffers buffers, SharedKvCache cache, RunStats.Recorder stats) {
    try {
      Step step = runBuffered(buffers.inputs, buffers.pastLengths, cache, buffers.pinned, Set.of(), buffers.logits,
          buffers.logitsShape, stats);
      long t0 = System.nanoTime();
      try {
        stats.bytesCopied += cache.append(buffers.present, 1);
      } catch (RuntimeException e) {
        step.close();
        throw e;
      }
      stats.tensorNanos += System.nanoTime() - t0;
      return step;
    } catch (OrtException e) {
      throw failure(e, buffers.batch, 1);
    }
  }

  private Step runBuffered(Map<String, OnnxTensor> inputs, LongBuffer pastLengths, SharedKvCache cache,
      Map<String, OnnxTensor> pinned, Set<String> requested, FloatBuffer logits, long[] logitsShape,
      RunStats.Recorder stats) throws OrtException {
    stats.bytesCopied += cache.reserve(Math.max(1, cache.longest()));
    for (int r = 0; r < cache.batch(); r++) {
      pastLengths.put(r, cache.length(r));
    }
    List<OnnxTensor> views = cache.tensors();
    for (int j = 0; j < pastNames.length; j++) {
      inputs.put(pastNames[j], views.get(j));
    }
    long cpu0 = stats.cpu();
    long t0 = System.nanoTime();
    OrtSession.Result result = session.run(inputs, requested, pinned);
    long t1 = System.nanoTime();
    stats.addRun(t1 - t0, stats.cpu() - cpu0);
    return new Step(result, presentNames, logits, logitsShape);
  }

  private Step run(Map<String, OnnxTensor> inputs, List<OnnxTensor> past, OnnxTensor pinned, FloatBuffer logits,
      long[] logitsShape, RunStats.Recorder stats) throws OrtException {
    for (int j = 0; j < pastNames.length; j++) {
      inputs.put(pastNames[j], past.get(j));
    }
    long cpu0 = stats.cpu();
    long t0 = System.nanoTime();
    OrtSession.Result result = session.run(inputs, presentSet, Map.of(LOGITS, pinned));
    long t1 = System.nanoTime();
    stats.addRun(t1 - t0, stats.cpu() - cpu0);
    return new Step(result, presentNames, logits, logitsShape);
  }


  private static GenerationException failure(OrtException e, int batch, int seq) {
    return new GenerationException("ONNX Runtime failed on a step of batch " + batch + " x " + seq + ": "
        + e.getMessage(), e);
  }

  /** @return reusable decode-step tensors for {@code batch} rows; the caller closes them */
  DecodeBuffers decodeBuffers(int batch) {
    return new DecodeBuffers(batch);
  }

  /**
   * Decode-step tensors kept across steps while the batch size stays the same: {@code input_ids} and
   * {@code position_ids} {@code [batch, 1]} (written in place before each step) and the pinned {@code logits}
   * output {@code [batch, 1, vocab]}. The tensors wrap these direct buffers, so writes need no new tensor.
   */
  final class DecodeBuffers implements AutoCloseable {
    final int batch;
    final LongBuffer ids;
    final LongBuffer positions;
    final FloatBuffer logits;
    /** In-place exports: the cache's valid positions per row, written before each step. */
    private final LongBuffer pastLengths;
    /** In-place exports: the step's new positions {@code [batch, kv_heads, 1, head_dim]}, in slot order. */
    private final List<FloatBuffer> present;
    private final Map<String, OnnxTensor> pinned = new HashMap<>();
    private final OnnxTensor idsTensor;
    private final OnnxTensor positionsTensor;
    private final OnnxTensor logitsTensor;
    private final long[] logitsShape;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();
    private final List<OnnxTensor> owned;

    private DecodeBuffers(int batch) {
      this.batch = batch;
      this.ids = directLongs(batch);
      this.positions = directLongs(batch);
      this.logits = directFloats(batch * vocab);
      this.pastLengths = directLongs(batch);
      this.present = new ArrayList<>();
      List<OnnxTensor> made = new ArrayList<>(5);
      try {
        this.idsTensor = track(made, OnnxTensor.createTensor(env, ids, new long[] {batch, 1}));
        this.positionsTensor = track(made, OnnxTensor.createTensor(env, positions, new long[] {batch, 1}));
        this.logitsShape = new long[] {batch, 1, vocab};
        this.logitsTensor = track(made, floatTensor(logits, logitsShape));
        inputs.put(INPUT_IDS, idsTensor);
        if (hasPositionIds) {
          inputs.put(POSITION_IDS, positionsTensor);
        }
        pinned.put(LOGITS, logitsTensor);
        if (inPlace) {
          inputs.put(PAST_LENGTHS, track(made, OnnxTensor.createTensor(env, pastLengths, new long[] {batch})));
          for (String name : presentNames) {
            FloatBuffer fresh = directFloats(batch * kvHeads * headDim);
            present.add(fresh);
            pinned.put(name, track(made, floatTensor(fresh, new long[] {batch, kvHeads, 1, headDim})));
          }
        }
        this.owned = made;
      } catch (OrtException | RuntimeException e) {
        made.forEach(OnnxTensor::close);
        throw new GenerationException("cannot create decode tensors for batch " + batch + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      owned.forEach(OnnxTensor::close);
    }
  }

  /** An empty cache (zero-length past axis) for {@code batch} rows; the caller closes the tensors. */
  List<OnnxTensor> emptyCache(int batch) {
    List<OnnxTensor> out = new ArrayList<>(pastNames.length);
    try {
      for (int j = 0; j < pastNames.length; j++) {
        out.add(floatTensor(directFloats(0), new long[] {batch, kvHeads, 0, headDim}));
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(OnnxTensor::close);
      throw e;
    }
  }

  OnnxTensor floatTensor(FloatBuffer data, long[] shape) {
    try {
      return OnnxTensor.createTensor(env, data, shape);
    } catch (OrtException e) {
      throw new GenerationException("cannot create a tensor of shape " + java.util.Arrays.toString(shape), e);
    }
  }

  private OnnxTensor longTensor(long[] values, int batch, int cols) throws OrtException {
    LongBuffer buf = ByteBuffer.allocateDirect(values.length * Long.BYTES).order(ByteOrder.nativeOrder())
        .asLongBuffer();
    buf.put(values).rewind();
    return OnnxTensor.createTensor(env, buf, new long[] {batch, cols});
  }

  static LongBuffer directLongs(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  static FloatBuffer directFloats(int n) {
    return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static OnnxTensor track(List<OnnxTensor> created, OnnxTensor t) {
    created.add(t);
    return t;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new GenerationException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }

  /** The outputs of one forward pass; closing it frees the logits and the {@code present.*} tensors. */
  static final class Step implements AutoCloseable {
    private final OrtSession.Result result;
    private final List<OnnxTensor> present;
    private final FloatBuffer logits;
    private final long[] logitsShape;

    private Step(OrtSession.Result result, String[] presentNames, FloatBuffer logits, long[] logitsShape) {
      this.result = result;
      this.logits = logits;
      this.logitsShape = logitsShape;
      this.present = new ArrayList<>(presentNames.length);
      for (String name : presentNames) {
        present.add((OnnxTensor) result.get(name).orElseThrow());
      }
    }

    /** @return the {@code present.*} tensors, valid until this step is closed */
    List<OnnxTensor> present() {
      return present;
    }

    /** @return the logits {@code [batch, seq, vocab]} in the step's pinned output buffer */
    FloatBuffer logits() {
      return logits;
    }

    /** @return the logits' shape ({@code seq} is 1 for exports that compute the last position only) */
    long[] logitsShape() {
      return logitsShape;
    }

    @Override
    public void close() {
      result.close();
    }
  }
}
