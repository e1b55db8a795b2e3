package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft export}: a Hugging Face checkpoint folder to a model folder (HF files + {@code model.onnx}). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports a Hugging Face checkpoint (Qwen2 family) to a model folder: config and tokenizer files "
        + "plus an ONNX decoder with KV cache (model.onnx, and model.onnx_data over 2 GB).")
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Hugging Face checkpoint folder.")
  Path model;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--all-position-logits",
      description = "Emit logits for every input position (for scoring). Default: the last position only, which "
          + "is all generation uses (a smaller, faster prefill).")
  boolean allPositions;

  @Option(names = "--last-position-logits-only", hidden = true, description = "The default; kept for old scripts.")
  boolean lastOnly;

  @Option(names = "--kv-cache", defaultValue = "concat",
      description = "KV-cache layout: concat (Optimum layout) or in-place (buffers the runtime appends to, read "
          + "once a step, never copied: faster on long outputs). Default: ${DEFAULT-VALUE}.")
  String kvCache;

  @Option(names = "--weights", defaultValue = "f32",
      description = "Weights of the projections and the output head: f32, int8 or int4 (weight-only, symmetric per "
          + "block, com.microsoft.MatMulNBits; CPU). Default: ${DEFAULT-VALUE}.")
  String weights;

  @Option(names = "--block-size", defaultValue = "" + ExportOptions.DEFAULT_BLOCK_SIZE,
      description = "With int8/int4: input features per scale (a power of two >= 16). Default: ${DEFAULT-VALUE}.")
  int blockSize;

  @Option(names = "--opset", defaultValue = "17", description = "ONNX opset. Default: ${DEFAULT-VALUE}.")
  int opset;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    ParallelReasoner.finetune(model).exportOptions(new ExportOptions(!allPositions, opset, kvCache(kvCache),
        weights(weights), blockSize)).exportOnnx(out);
    System.out.printf("exported %s to %s in %.1f s%n", model, out, (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  static ExportOptions.Weights weights(String name) {
    return switch (name) {
      case "f32" -> ExportOptions.Weights.F32;
      case "int8" -> ExportOptions.Weights.INT8;
      case "int4" -> ExportOptions.Weights.INT4;
      default -> throw new InvalidArgumentException("--weights must be f32, int8 or int4, got '" + name + "'");
    };
  }

  static ExportOptions.KvCache kvCache(String name) {
    return switch (name) {
      case "concat" -> ExportOptions.KvCache.CONCAT;
      case "in-place" -> ExportOptions.KvCache.IN_PLACE;
      default -> throw new InvalidArgumentException("--kv-cache must be concat or in-place, got '" + name + "'");
    };
  }
}
