package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journaled run of the real tiny model in a child JVM is killed with SIGKILL twice, then resumed: the journal ends
 * with every (problem, tag, sample) exactly once, the same samples and the same results as an uninterrupted run.
 */
class KillAndResumeTest {
  private static final int PROBLEMS = 8;

  @Test
  void killedTwiceThenResumedEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model"));
    Path bench = Fixtures.subtractionSample();
    Path journal = tmp.resolve("killed.journal.jsonl");
    int perProblem = JournalChild.PROTOCOL.samplesPerProblem(6);
    int total = PROBLEMS * perProblem;

    int before = 0;
    for (int kill = 1; kill <= 2; kill++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Xmx512m", JournalChild.class.getName(),
          model.toString(), journal.toString(), bench.toString(), Integer.toString(PROBLEMS))
          .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + kill + ".log").toFile()).start();
      // wait for new samples beyond the ones already there, then kill -9 mid-run
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (sampleLines(journal) <= before && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(child.isAlive(), "the child finished or failed before it could be killed: "
          + Files.readString(tmp.resolve("child-" + kill + ".log")));
      child.destroyForcibly(); // SIGKILL on Unix
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      int after = sampleLines(journal);
      System.out.printf("kill %d: journal had %d of %d samples%n", kill, after, total);
      assertTrue(after > before && after < total, "killed mid-run: " + after + " of " + total);
      before = after;
    }

    EvaluationResult resumed = JournalChild.run(model, journal, bench, PROBLEMS);
    EvaluationResult straight = JournalChild.run(model, tmp.resolve("straight.journal.jsonl"), bench, PROBLEMS);

    Map<String, String> killed = texts(journal);
    Map<String, String> reference = texts(tmp.resolve("straight.journal.jsonl"));
    assertEquals(total, killed.size(), "every (problem, tag, sample) once");
    assertEquals(total, sampleLines(journal), "no sample written twice");
    assertEquals(reference, killed, "the same samples as the uninterrupted run");
    assertEquals(straight.metrics(), resumed.metrics());
    assertEquals(straight.perProblem(), resumed.perProblem());
    assertEquals(PROBLEMS, resumed.problems());
    assertEquals(resumed.metrics(), EvaluationResult.fromJournal(journal).metrics(), "report from the journal alone");
  }

  private static int sampleLines(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    int n = 0;
    for (String line : Files.readAllLines(journal)) {
      if (line.contains("\"type\":\"sample\"")) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, String> texts(Path journal) throws IOException {
    Map<String, String> out = new HashMap<>();
    List<String> dups = new ArrayList<>();
    for (String line : Files.readAllLines(journal)) {
      JsonNode n = Journal.JSON.readTree(line);
      if ("sample".equals(n.path("type").asText())) {
        String key = n.get("problem").asText() + "/" + n.get("tag").asInt() + "/" + n.get("index").asInt();
        if (out.put(key, n.get("text").asText() + "|" + n.get("seed").asLong()) != null) {
          dups.add(key);
        }
      }
    }
    assertEquals(List.of(), dups, "duplicate samples in " + journal);
    return out;
  }
}
