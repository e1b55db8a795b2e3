package io.github.ssft4j;

/**
 * How a checkpoint is exported to an ONNX model folder.
 *
 * @param lastPositionLogitsOnly emit logits for the last input position only ({@code [b, 1, vocab]}), which
 *     saves memory and time in prefill; default {@code false} (all positions, as the reference fixtures)
 * @param opset the ONNX opset; default 17
 */
public record ExportOptions(boolean lastPositionLogitsOnly, int opset) {
  /** All positions' logits, opset 17. */
  public static final ExportOptions DEFAULT = new ExportOptions(false, 17);
}
