package io.github.ssft4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.DemoModel;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo model through the public API, as the quick-start uses it (cache under target/, see the POM). */
class DemoModelTest {
  @Test
  void answersSubtractionWithSixDifferentlyReasonedBranches() {
    try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
      ConsensusResult result = reasoner.consensus("What is 83-47?", 6);
      assertEquals("36", result.answerText(), result.toString());
      Set<String> openings = new HashSet<>();
      for (Branch b : result.branches()) {
        String text = b.trace().text();
        openings.add(text.substring(0, Math.min(5, text.length())));
      }
      assertTrue(openings.size() >= 4, "the tags lead to different strategies: " + result.branches());
    }
  }

  @Test
  void unpacksIntoTheConfiguredCacheAndReusesIt() {
    Path root = DemoModel.defaultCacheRoot();
    assertTrue(root.endsWith(Path.of("target", "cache")), root.toString());
    Path folder = DemoModel.folder();
    assertTrue(folder.startsWith(root) && folder.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+.*-[0-9a-f]{12}"),
        folder.toString());
    assertEquals(folder, DemoModel.folder());
  }
}
