package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import picocli.CommandLine.Option;

/** Which export of a {@code --shape} bench model to run. */
final class ExportVariantMixin {
  @Option(names = "--export-opset", defaultValue = "17", hidden = true)
  int opset;

  ExportOptions options() {
    return new ExportOptions(true, opset);
  }

  /** @return the cache folder name of this variant */
  String name() {
    return "onnx-last-logits";
  }
}
