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
 */
public record ExportOptions(boolean lastPositionLogitsOnly, int opset, KvCache kvCache) {
  /** All positions' logits, opset 17, the concatenating KV cache. */
  public static final ExportOptions DEFAULT = new ExportOptions(false, 17, KvCache.CONCAT);

  /** How the exported decoder keeps its KV cache. */
  public enum KvCache {
    /**
     * {@code past_key_values.*} in, {@code present.*} out, one position longer: the Hugging Face Optimum layout
     * that any ONNX Runtime provider runs. Each step copies the whole cache.
     */
    CONCAT,
    /**
     * One preallocated buffer per layer that ONNX Runtime's {@code com.microsoft.GroupQueryAttention} updates in
     * place (past and present share memory), with per-row lengths ({@code seqlens_k}) instead of an attention mask:
     * a step's cost no longer grows with copies of the past.
     */
    IN_PLACE
  }

  /** Validates. */
  public ExportOptions {
    Checks.notNull("kvCache", kvCache);
  }

  /** The concatenating KV cache. */
  public ExportOptions(boolean lastPositionLogitsOnly, int opset) {
    this(lastPositionLogitsOnly, opset, KvCache.CONCAT);
  }

  /** @param value whether to emit the last position's logits only @return a copy with it */
  public ExportOptions withLastPositionLogitsOnly(boolean value) {
    return new ExportOptions(value, opset, kvCache);
  }

  /** @param value the KV-cache layout @return a copy with it */
  public ExportOptions withKvCache(KvCache value) {
    return new ExportOptions(lastPositionLogitsOnly, opset, value);
  }
}
