package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ssft4j.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI is built on the public API: it imports no internal package of the published modules. */
class CliBoundaryTest {
  @Test
  void cliSourcesImportNoInternalPackage() throws IOException {
    Path sources = Fixtures.repositoryRoot().resolve("ssft-cli/src/main/java");
    List<String> offending;
    try (Stream<Path> files = Files.walk(sources)) {
      offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream()
              .filter(l -> l.startsWith("import ") && l.contains(".internal."))
              .map(l -> sources.relativize(p) + ": " + l);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertEquals(List.of(), offending, "the CLI must use the public API (benchmarks needing internals live in "
        + "ssft-research)");
  }
}
