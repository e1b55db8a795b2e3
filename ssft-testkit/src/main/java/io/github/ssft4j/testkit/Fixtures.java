package io.github.ssft4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the reference fixtures made by Hugging Face transformers.
 *
 * <p>Two places are searched: {@code ../shared/fixtures} beside the repository (developers and CI have it)
 * and the repository's own {@code testdata/} (a fresh clone has only this; it holds {@code qwen2-tiny} and the
 * answer cases). Fixtures are read-only: copy with {@link #copyOf(Path, Path)} before writing.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The repository root: the nearest ancestor of the working directory that holds {@code testdata/}. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("testdata")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root with testdata/ above " + dir);
  }

  /** {@code ../shared} beside the repository, when present. */
  public static Optional<Path> sharedDir() {
    Path shared = repositoryRoot().resolveSibling("shared");
    return Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
  }

  /**
   * The fixture model folder {@code name} ({@code qwen2-tiny}, {@code qwen2-small}); the test is skipped, saying
   * why, when neither {@code ../shared/fixtures} nor {@code testdata/} holds it.
   */
  public static Path model(String name) {
    Optional<Path> found = find("fixtures/" + name, name);
    if (found.isEmpty()) {
      String why = "fixture " + name + " not found: needs ../shared/fixtures/" + name + " beside the repository";
      System.out.println("[skip] " + why);
      Assumptions.assumeTrue(false, why);
    }
    return found.get();
  }

  /** The answer-verification development cases ({@code dev_cases.json}). */
  public static Path answerCases() {
    return find("answer-cases/dev_cases.json", "answer-cases/dev_cases.json")
        .orElseThrow(() -> new IllegalStateException("testdata/answer-cases/dev_cases.json is missing"));
  }

  /**
   * Twelve questions of the synthetic subtraction task (five traces each, one per strategy) in the training
   * JSONL layout, shipped in {@code testdata/subtraction/}: training tests read it so that {@code ssft-train}
   * does not depend on the research harness that generates it.
   */
  public static Path subtractionSample() {
    Path file = repositoryRoot().resolve("testdata/subtraction/train-12.jsonl");
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing");
    }
    return file;
  }

  private static Optional<Path> find(String sharedRelative, String testdataRelative) {
    Optional<Path> shared = sharedDir().map(s -> s.resolve(sharedRelative)).filter(Files::exists);
    if (shared.isPresent()) {
      return shared;
    }
    Path local = repositoryRoot().resolve("testdata").resolve(testdataRelative);
    return Files.exists(local) ? Optional.of(local) : Optional.empty();
  }

  /**
   * Copies {@code source} (a file or folder) to {@code target} with write permission, so tests never write into
   * the read-only fixtures.
   */
  public static Path copyOf(Path source, Path target) {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
          dest.toFile().setWritable(true);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("copying fixture " + source + " to " + target, e);
    }
  }

  /**
   * Assembles an inference model folder (the HF files of {@code hf/} plus {@code model.onnx}) from fixture
   * {@code name} into {@code target}.
   */
  public static Path modelFolder(String name, Path target) {
    Path fixture = model(name);
    copyOf(fixture.resolve("hf"), target);
    copyOf(fixture.resolve("model.onnx"), target.resolve("model.onnx"));
    return target;
  }
}
