package io.github.ssft4j.research.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Results pages name their inputs so that a reader on another machine can find them. */
class InputNamesTest {
  private final Path repo = Path.of("/home/someone/ssft4j").toAbsolutePath();

  @Test
  void aFixtureIsNamedFromItsFixturesFolder() {
    assertEquals("fixtures/qwen2-small/hf",
        InputNames.portable(Path.of("/work/shared/fixtures/qwen2-small/hf"), repo));
    assertEquals("fixtures/qwen2-small/hf",
        InputNames.portable(repo.resolve("../shared/fixtures/qwen2-small/hf/"), repo));
  }

  @Test
  void aFileInTheRepositoryIsNamedRelativeToIt() {
    assertEquals("testdata/qwen2-tiny/hf", InputNames.portable(repo.resolve("testdata/qwen2-tiny/hf"), repo));
    // tests run in the module folder; the repository root is the outermost pom.xml folder above it
    Path root = InputNames.repositoryRoot(Path.of(""));
    assertEquals("testdata/qwen2-tiny/hf", InputNames.portable(root.resolve("testdata/qwen2-tiny/hf")));
  }

  @Test
  void anythingElseKeepsOnlyItsLastTwoNames() {
    assertEquals("runs/model", InputNames.portable(Path.of("/tmp/x/runs/model"), repo));
  }
}
