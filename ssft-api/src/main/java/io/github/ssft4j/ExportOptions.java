package io.github.ssft4j;

/**
 * How a checkpoint is exported to an ONNX model folder.
 *
 * <pre>{@code
 * ExportOptions fast = ExportOptions.DEFAULT.withLastPositionLogitsOnly(true).withKvCache(ExportOptions.KvCache.IN_PLACE);
 * }</pre>
 *
 * @param lastPositionLogitsOnly emit logits for the last input position only ({@code [b, 1, vocab]}), which
 *     saves memory and time in prefill; {@code false} keeps all positions (scoring needs them, and the reference
 *     fixtures have them). {@code ssft export} turns it on unless told otherwise.
 * @param opset the ONNX opset; default 17
 * @param kvCache the KV-cache layout of the decoder; default {@link KvCache#CONCAT}
 * @param weights how the linear layers' weights are stored; default {@link Weights#F32}
 * @param blockSize with quantized weights, how many input features share one scale (a power of two, at least 16);
 *     default {@value #DEFAULT_BLOCK_SIZE}
 */
public record ExportOptions(boolean lastPositionLogitsOnly, int opset, KvCache kvCache, Weights weights,
    int blockSize) {
  /**
   * Input features per scale unless set: at the Qwen2.5-0.5B shape and six rows, blocks of 128 decode 1.2x faster
   * than blocks of 32 (int8 and int4), for a small accuracy cost (docs/results/performance.md).
   */
  public static final int DEFAULT_BLOCK_SIZE = 128;

  /** All positions' logits, opset 17, the concatenating KV cache, float32 weights. */
  public static final ExportOptions DEFAULT =
      new ExportOptions(false, 17, KvCache.CONCAT, Weights.F32, DEFAULT_BLOCK_SIZE);

  /**
   * The storage of the weights of the attention and MLP projections and of the output head (the embedding lookup
   * stays float32). Quantization is weight-only and symmetric per block: ONNX Runtime's
   * {@code com.microsoft.MatMulNBits}, which reads 4x (int8) or 8x (int4) fewer bytes a step than float32.
   */
  public enum Weights {
    /** float32, exact. */
    F32(32),
    /** 8 bits per weight plus one float scale per block. */
    INT8(8),
    /** 4 bits per weight plus one float scale per block. */
    INT4(4);

    private final int bits;

    Weights(int bits) {
      this.bits = bits;
    }

    /** @return bits per weight */
    public int bits() {
      return bits;
    }
  }

  /** How the exported decoder keeps its KV cache. */
  public enum KvCache {
    /**
     * {@code past_key_values.*} in, {@code present.*} out, one position longer: the Hugging Face Optimum layout
     * that any ONNX Runtime provider runs. Each step copies the whole cache.
     */
    CONCAT,
    /**
     * Cache buffers the runtime keeps and appends to: the graph reads them (masked beyond per-row lengths,
     * {@code past_lengths}, instead of an attention mask) and returns only the new positions, so a step never copies
     * the past and reads it once; standard ONNX operators only.
     */
    IN_PLACE
  }

  /** Validates. */
  public ExportOptions {
    Checks.notNull("kvCache", kvCache);
    Checks.notNull("weights", weights);
    if (blockSize < 16 || Integer.bitCount(blockSize) != 1) {
      throw new InvalidArgumentException("blockSize must be a power of two >= 16, got " + blockSize);
    }
  }

  /** The concatenating KV cache, float32 weights. */
  public ExportOptions(boolean lastPositionLogitsOnly, int opset) {
    this(lastPositionLogitsOnly, opset, KvCache.CONCAT);
  }

  /** Float32 weights. */
  public ExportOptions(boolean lastPositionLogitsOnly, int opset, KvCache kvCache) {
    this(lastPositionLogitsOnly, opset, kvCache, Weights.F32, DEFAULT_BLOCK_SIZE);
  }

  /**
   * @param value whether to emit the last position's logits only
   * @return a copy with it
   */
  public ExportOptions withLastPositionLogitsOnly(boolean value) {
    return new ExportOptions(value, opset, kvCache, weights, blockSize);
  }

  /**
   * @param value the KV-cache layout
   * @return a copy with it
   */
  public ExportOptions withKvCache(KvCache value) {
    return new ExportOptions(lastPositionLogitsOnly, opset, value, weights, blockSize);
  }

  /**
   * @param value the weights' storage (blocks keep their size)
   * @return a copy with it
   */
  public ExportOptions withWeights(Weights value) {
    return new ExportOptions(lastPositionLogitsOnly, opset, kvCache, value, blockSize);
  }

  /**
   * @param value the weights' storage
   * @param block features per scale
   * @return a copy with them
   */
  public ExportOptions withWeights(Weights value, int block) {
    return new ExportOptions(lastPositionLogitsOnly, opset, kvCache, value, block);
  }
}
