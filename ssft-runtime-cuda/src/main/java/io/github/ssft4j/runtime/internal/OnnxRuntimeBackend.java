package io.github.ssft4j.runtime.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.spi.InferenceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code onnxruntime} backend: Hugging Face decoders exported to ONNX, run by ONNX Runtime on the CPU or the
 * CUDA execution provider. Registered in {@code META-INF/services/io.github.ssft4j.spi.InferenceBackend}.
 *
 * <p>Loaded folders are cached: opening the same folder with the same {@link RuntimeOptions} again shares the
 * session, tokenizer and template until every {@link OnnxModel} on it is closed.
 */
public final class OnnxRuntimeBackend implements InferenceBackend {
  private record Key(Path dir, RuntimeOptions options) {}

  // Entries live while referenced: they are removed when the last model on them closes, never evicted.
  private static final Cache<Key, LoadedModel> LOADED = Caffeine.newBuilder().build();

  /** Used by {@link java.util.ServiceLoader}. */
  public OnnxRuntimeBackend() {}

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public OnnxModel open(Path modelDir, RuntimeOptions options) {
    if (modelDir == null || options == null) {
      throw new InvalidArgumentException("modelDir and options must not be null");
    }
    if (!Files.isDirectory(modelDir)) {
      throw new ModelLoadException("model folder " + modelDir + " does not exist or is not a directory");
    }
    Key key;
    try {
      key = new Key(modelDir.toRealPath(), options);
    } catch (IOException e) {
      throw new ModelLoadException("cannot resolve model folder " + modelDir + ": " + e.getMessage(), e);
    }
    LoadedModel loaded = LOADED.asMap().compute(key,
        (k, existing) -> (existing != null ? existing : LoadedModel.load(k.dir(), k.options())).retain());
    return new OnnxModel(loaded, () -> LOADED.asMap().computeIfPresent(key,
        (k, current) -> current.release() == 0 ? null : current));
  }

  /** @return how many distinct folders are loaded now (for tests and diagnostics) */
  static long loadedCount() {
    return LOADED.estimatedSize();
  }
}
