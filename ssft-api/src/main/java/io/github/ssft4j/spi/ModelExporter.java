package io.github.ssft4j.spi;

import io.github.ssft4j.ExportOptions;
import java.nio.file.Path;

/**
 * Exports a Hugging Face checkpoint folder to a model folder that {@link InferenceBackend#open} accepts.
 * Registered in {@code META-INF/services/io.github.ssft4j.spi.ModelExporter}; {@code ssft-train} provides one.
 */
public interface ModelExporter {
  /** @return a short name, e.g. {@code onnx} */
  String name();

  /**
   * @return a label that changes whenever the files this exporter writes change for the same checkpoint and
   *     options (caches of exports, such as the benchmarks', key on it)
   */
  default String revision() {
    return name();
  }

  /** @return rank among exporters on the class path */
  default int priority() {
    return 0;
  }

  /**
   * @param checkpointDir a Hugging Face checkpoint folder ({@code config.json}, safetensors, tokenizer files)
   * @param modelDir the folder to write; files appear atomically
   * @param options export options
   * @throws io.github.ssft4j.ModelLoadException when the checkpoint is missing or invalid
   * @throws io.github.ssft4j.TrainingException when writing fails
   */
  void export(Path checkpointDir, Path modelDir, ExportOptions options);

  /** @return the highest-priority exporter on the class path (from {@code ssft-train}) */
  static ModelExporter findDefault() {
    return ServiceLookup.best(ModelExporter.class, ModelExporter::priority, "ssft-train");
  }
}
