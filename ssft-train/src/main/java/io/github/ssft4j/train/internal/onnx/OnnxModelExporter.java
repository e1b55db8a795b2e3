package io.github.ssft4j.train.internal.onnx;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.spi.ModelExporter;
import java.nio.file.Path;

/**
 * The {@link ModelExporter} of {@code ssft-train}: a Qwen2-family Hugging Face checkpoint to a model folder with an
 * ONNX decoder ({@link Qwen2OnnxExporter}). Registered in {@code META-INF/services}.
 */
public final class OnnxModelExporter implements ModelExporter {
  /** Creates the exporter (ServiceLoader needs a public no-argument constructor). */
  public OnnxModelExporter() {}

  @Override
  public String name() {
    return "onnx";
  }

  @Override
  public String revision() {
    return Qwen2OnnxExporter.REVISION;
  }

  @Override
  public void export(Path checkpointDir, Path modelDir, ExportOptions options) {
    Qwen2OnnxExporter.export(checkpointDir, modelDir, options);
  }
}
