package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, created once on a {@link NativeThread}.
 *
 * <p>Creating it also removes what ONNX Runtime's Java loader leaves in the temp folder: the loader copies
 * {@code libonnxruntime.so} and its JNI library into a fresh {@code onnxruntime-java*} folder and deletes them only
 * at JVM exit (in an order that leaves the empty folder behind, and never after a crash: 28.6 MB each time). Once
 * loaded, a shared library no longer needs its file on Linux and macOS, so the files this process mapped are
 * deleted right away, and the folder when that empties it (it keeps execution-provider libraries the GPU jar
 * extracts later).
 */
final class OrtNative {
  private static final Logger LOG = LoggerFactory.getLogger(OrtNative.class);
  static final String TEMP_PREFIX = "onnxruntime-java";
  private static volatile OrtEnvironment environment;

  private OrtNative() {}

  /** @return the shared environment, created on a native thread the first time */
  static OrtEnvironment environment() {
    OrtEnvironment env = environment;
    if (env == null) {
      synchronized (OrtNative.class) {
        env = environment;
        if (env == null) {
          env = NativeThread.call(OrtEnvironment::getEnvironment);
          removeExtractedLibraries(Path.of("/proc/self/maps"), Path.of(System.getProperty("java.io.tmpdir")));
          environment = env;
        }
      }
    }
    return env;
  }

  /**
   * Deletes the libraries of {@code tempDir/onnxruntime-java*} that this process has mapped (as {@code maps}, in
   * the format of {@code /proc/self/maps}, lists them), then their folders when empty.
   *
   * @return the folders removed
   */
  static List<Path> removeExtractedLibraries(Path maps, Path tempDir) {
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    Set<Path> folders = new LinkedHashSet<>();
    try {
      Path temp = tempDir.toRealPath();
      for (String line : Files.readAllLines(maps)) {
        int slash = line.indexOf('/');
        if (slash < 0 || line.endsWith(" (deleted)")) {
          continue;
        }
        Path file = Path.of(line.substring(slash));
        Path folder = file.getParent();
        if (folder != null && temp.equals(folder.getParent())
            && folder.getFileName().toString().startsWith(TEMP_PREFIX)) {
          if (Files.deleteIfExists(file)) {
            LOG.debug("deleted {}, loaded already", file);
          }
          folders.add(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot clean up ONNX Runtime's extracted libraries", e);
      return List.of();
    }
    List<Path> removed = new java.util.ArrayList<>();
    for (Path folder : folders) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        if (entries.iterator().hasNext()) {
          continue;
        }
      } catch (IOException e) {
        continue;
      }
      try {
        Files.deleteIfExists(folder);
        removed.add(folder);
      } catch (IOException e) {
        LOG.debug("cannot delete {}", folder, e);
      }
    }
    return removed;
  }
}
