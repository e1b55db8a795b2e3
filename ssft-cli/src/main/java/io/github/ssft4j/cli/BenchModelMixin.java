package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.train.internal.hf.RandomCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The model a benchmark runs: a model folder ({@code --model}), or a named real shape ({@code --shape}) with random
 * weights, written once through the project's own safetensors writer and exporter and cached under
 * {@code ~/.cache/ssft4j/bench/<shape>/} (never in the repository).
 */
final class BenchModelMixin {
  /** Tokenizer files of the bench checkpoints (copied from testdata/qwen2-tiny at build time). */
  private static final String TOKENIZER_RESOURCES = "/io/github/ssft4j/cli/bench-tokenizer/";
  private static final List<String> TOKENIZER_FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "generation_config.json");

  @Option(names = "--model", description = "Model folder (HF files + model.onnx).")
  Path model;

  @Option(names = "--shape", description = "A real model shape with random weights, created and cached on first "
      + "use: qwen2.5-0.5b, qwen2.5-1.5b.")
  String shape;

  @Option(names = "--cache-dir", description = "Where --shape models are cached. Default: "
      + "$XDG_CACHE_HOME/ssft4j/bench or ~/.cache/ssft4j/bench.")
  Path cacheDir;

  /** @return the model folder to run, exporting it with {@code export} (variant {@code variant}) when needed */
  Path resolve(ExportOptions export, String variant) {
    if ((model == null) == (shape == null)) {
      throw new InvalidArgumentException("give exactly one of --model DIR and --shape NAME");
    }
    if (model != null) {
      return model;
    }
    RandomCheckpoint.Shape s = RandomCheckpoint.shape(shape);
    Path root = (cacheDir != null ? cacheDir : defaultCache()).resolve(s.name());
    Path hf = root.resolve("hf");
    if (!Files.isRegularFile(hf.resolve("config.json"))) {
      long t0 = System.nanoTime();
      System.out.printf(Locale.ROOT, "writing a random-weight %s checkpoint (%.2f GB) into %s%n", s.name(),
          s.f32Bytes() / 1e9, hf);
      publish(hf, tmp -> {
        RandomCheckpoint.write(s, tmp, 0L);
        copyTokenizer(tmp);
      });
      System.out.printf(Locale.ROOT, "  written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    Path out = root.resolve(variant);
    if (!Files.isRegularFile(out.resolve("model.onnx"))) {
      long t0 = System.nanoTime();
      System.out.printf(Locale.ROOT, "exporting %s (%s) into %s%n", s.name(), variant, out);
      publish(out, tmp -> ModelExporter.findDefault().export(hf, tmp, export));
      System.out.printf(Locale.ROOT, "  exported in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    return out;
  }

  private static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("ssft4j").resolve("bench");
  }

  /** Fills a temporary sibling folder, then renames it to {@code dir}: a cache entry is complete or absent. */
  private static void publish(Path dir, java.util.function.Consumer<Path> fill) {
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
      try (InputStream in = BenchModelMixin.class.getResourceAsStream(TOKENIZER_RESOURCES + name)) {
        if (in == null) {
          throw new TrainingException("the ssft-cli jar lacks " + TOKENIZER_RESOURCES + name);
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
