package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import picocli.CommandLine.Option;

/** Which export of a {@code --shape} bench model to run (each is cached in its own folder). */
final class ExportVariantMixin {
  @Option(names = "--kv-cache", defaultValue = "concat",
      description = "With --shape: the export's KV-cache layout, concat or in-place. Default: ${DEFAULT-VALUE}.")
  String kvCache;

  @Option(names = "--weights", defaultValue = "f32",
      description = "With --shape: the export's weights, f32, int8 or int4. Default: ${DEFAULT-VALUE}.")
  String weights;

  @Option(names = "--block-size", defaultValue = "" + ExportOptions.DEFAULT_BLOCK_SIZE,
      description = "With --shape and int8/int4: input features per scale. Default: ${DEFAULT-VALUE}.")
  int blockSize;

  ExportOptions options() {
    return ExportOptions.DEFAULT.withLastPositionLogitsOnly(true).withKvCache(ExportCommand.kvCache(kvCache))
        .withWeights(ExportCommand.weights(weights), blockSize);
  }

  /** @return the cache folder name of this variant */
  String name() {
    return "onnx-" + kvCache + (weights.equals("f32") ? "" : "-" + weights + "-b" + blockSize);
  }
}
