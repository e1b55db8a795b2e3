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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code onnxruntime} backend: Hugging Face decoders exported to ONNX, run by ONNX Runtime on the CPU or the
 * CUDA execution provider. Registered in {@code META-INF/services/io.github.ssft4j.spi.InferenceBackend}.
 *
 * <p>Loaded folders are cached: opening the same folder with the same {@link RuntimeOptions} again shares the
 * session, tokenizer and template until every {@link OnnxModel} on it is closed, as long as its files are the
 * same: a {@code model.onnx} (or config, tokenizer...) replaced or rewritten since (another inode, size or
 * modification time) is loaded afresh, while models opened before keep the files they loaded.
 */
public final class OnnxRuntimeBackend implements InferenceBackend {
  /** A folder as it is on disk now: a replaced or rewritten file makes a different key (and a fresh load). */
  private record Key(Path dir, RuntimeOptions options, List<FileIdentity> files) {}

  /** The files a load reads; their identity (inode or file key, size, modification time) is part of the key. */
  static final List<String> FILES = List.of("model.onnx", "model.onnx_data", "config.json",
      "generation_config.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
      ModelFolder.SSFT_JSON);

  /** One file's identity; {@code absent} when there is no such file. */
  record FileIdentity(String name, Object fileKey, long size, long modifiedNanos, boolean absent) {
    static FileIdentity of(Path dir, String name) {
      try {
        BasicFileAttributes a = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
        return new FileIdentity(name, a.fileKey(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
            false);
      } catch (IOException e) {
        return new FileIdentity(name, null, -1, -1, true);
      }
    }
  }

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
      Path dir = modelDir.toRealPath();
      key = new Key(dir, options, FILES.stream().map(name -> FileIdentity.of(dir, name)).toList());
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
