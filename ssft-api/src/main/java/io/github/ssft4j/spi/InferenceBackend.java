package io.github.ssft4j.spi;

import io.github.ssft4j.RuntimeOptions;
import java.nio.file.Path;

/**
 * Loads model folders for generation. Registered in
 * {@code META-INF/services/io.github.ssft4j.spi.InferenceBackend}; {@code ssft-runtime-cuda} provides the ONNX
 * Runtime backend.
 */
public interface InferenceBackend {
  /** @return a short name, e.g. {@code onnxruntime} */
  String name();

  /** @return rank among backends on the class path; the highest is used by default */
  default int priority() {
    return 0;
  }

  /**
   * @param modelDir a model folder (Hugging Face tokenizer and config files plus the exported model)
   * @param options execution provider and threads
   * @return the loaded model; the caller closes it
   * @throws io.github.ssft4j.ModelLoadException naming the missing or invalid file
   */
  InferenceModel open(Path modelDir, RuntimeOptions options);

  /** @return the highest-priority backend on the class path (from {@code ssft-runtime-cuda}) */
  static InferenceBackend findDefault() {
    return ServiceLookup.best(InferenceBackend.class, InferenceBackend::priority, "ssft-runtime-cuda");
  }
}
