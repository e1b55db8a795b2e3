package io.github.ssft4j.research.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names an input of a run the way a results page should: by a name a reader can find on another machine, never by
 * this machine's absolute path. A reference fixture is named from its {@code fixtures/} folder on (as the shared
 * fixtures README names them, e.g. {@code fixtures/qwen2-small/hf}); anything in the repository relative to its
 * root (the outermost folder with a {@code pom.xml} above the working directory); anything else by its last two
 * path elements.
 */
public final class InputNames {
  private InputNames() {}

  /**
   * @param input a file or folder given to a run
   * @return its portable name, with {@code /} separators
   */
  public static String portable(Path input) {
    return portable(input, repositoryRoot(Path.of("").toAbsolutePath()));
  }

  /**
   * @param workingDir a folder in a Maven checkout
   * @return the outermost folder of the unbroken chain of {@code pom.xml} folders above it, else itself
   */
  static Path repositoryRoot(Path workingDir) {
    Path root = workingDir.toAbsolutePath().normalize();
    for (Path p = root; p != null && Files.isRegularFile(p.resolve("pom.xml")); p = p.getParent()) {
      root = p;
    }
    return root;
  }

  /**
   * @param input a file or folder given to a run
   * @param repository the folder relative names are taken against
   * @return its portable name, with {@code /} separators
   */
  public static String portable(Path input, Path repository) {
    Path abs = input.toAbsolutePath().normalize();
    for (int i = abs.getNameCount() - 1; i >= 0; i--) {
      if (abs.getName(i).toString().equals("fixtures") && i < abs.getNameCount() - 1) {
        return slashes(Path.of("fixtures").resolve(abs.subpath(i + 1, abs.getNameCount())));
      }
    }
    Path base = repository.toAbsolutePath().normalize();
    if (abs.startsWith(base) && !abs.equals(base)) {
      return slashes(base.relativize(abs));
    }
    int n = abs.getNameCount();
    return n == 0 ? abs.toString() : slashes(abs.subpath(Math.max(0, n - 2), n));
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
