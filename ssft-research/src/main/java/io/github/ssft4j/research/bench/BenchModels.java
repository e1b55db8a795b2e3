package io.github.ssft4j.research.bench;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.train.internal.hf.RandomCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Benchmark models of real shapes with random weights ({@link RandomCheckpoint}), written once through the project's
 * own safetensors writer and exporter and cached under a user cache folder (never in the repository):
 * {@code <cache>/<shape>/hf} for the checkpoint, {@code <cache>/<shape>/<variant>} per export. A cache entry is
 * complete or absent (filled beside, then renamed), and an export is redone when the exporter's
 * {@link ModelExporter#revision() revision} differs from the one that wrote it.
 */
public final class BenchModels {
  /** Tokenizer files of the bench checkpoints (copied from testdata/qwen2-tiny at build time). */
  private static final String TOKENIZER_RESOURCES = "/io/github/ssft4j/research/bench/tokenizer/";
  /** The file in an export folder naming the exporter revision that wrote it. */
  private static final String REVISION_FILE = "export.revision";
  private static final List<String> TOKENIZER_FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "generation_config.json");

  private BenchModels() {}

  /** @return {@code $XDG_CACHE_HOME/ssft4j/bench}, else {@code ~/.cache/ssft4j/bench} */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("ssft4j").resolve("bench");
  }

  /**
   * @param shape a {@link RandomCheckpoint#SHAPES} name
   * @param cache the cache folder
   * @param export how to export
   * @param variant the export's folder name
   * @param log progress lines
   * @return the model folder, created when missing
   */
  public static Path resolve(String shape, Path cache, ExportOptions export, String variant, PrintStream log) {
    RandomCheckpoint.Shape s = RandomCheckpoint.shape(shape);
    Path root = cache.resolve(s.name());
    Path hf = root.resolve("hf");
    if (!Files.isRegularFile(hf.resolve("config.json"))) {
      long t0 = System.nanoTime();
      log.printf(Locale.ROOT, "writing a random-weight %s checkpoint (%.2f GB) into %s%n", s.name(),
          s.f32Bytes() / 1e9, hf);
      publish(hf, tmp -> {
        RandomCheckpoint.write(s, tmp, 0L);
        copyTokenizer(tmp);
      });
      log.printf(Locale.ROOT, "  written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    Path out = root.resolve(variant);
    ModelExporter exporter = ModelExporter.findDefault();
    if (!Files.isRegularFile(out.resolve("model.onnx")) || !exporter.revision().equals(stamp(out))) {
      long t0 = System.nanoTime();
      log.printf(Locale.ROOT, "exporting %s (%s) into %s%n", s.name(), variant, out);
      publish(out, tmp -> {
        exporter.export(hf, tmp, export);
        try {
          Files.writeString(tmp.resolve(REVISION_FILE), exporter.revision());
        } catch (IOException e) {
          throw new TrainingException("cannot write " + tmp.resolve(REVISION_FILE) + ": " + e.getMessage(), e);
        }
      });
      log.printf(Locale.ROOT, "  exported in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    return out;
  }

  /** @return the exporter revision that wrote {@code dir}, or {@code null} (an export older than the stamp) */
  private static String stamp(Path dir) {
    try {
      return Files.readString(dir.resolve(REVISION_FILE)).strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void publish(Path dir, Consumer<Path> fill) {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".partial");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      fill.accept(tmp);
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TrainingException("cannot write the bench model " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void copyTokenizer(Path dir) {
    for (String name : TOKENIZER_FILES) {
      try (InputStream in = BenchModels.class.getResourceAsStream(TOKENIZER_RESOURCES + name)) {
        if (in == null) {
          throw new TrainingException("the ssft-research jar lacks " + TOKENIZER_RESOURCES + name);
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new TrainingException("cannot copy the bench tokenizer into " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
