package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssft train --method gfpo}, then the trained model picks its own tags in {@code ssft ask}. */
class GfpoCommandTest {

  @Test
  void gfpoTrainsThenTheExportedModelChoosesItsTags(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("q.jsonl");
    Files.writeString(data, "{\"question\": \"What is 37+48?\", \"answer\": \"85\"}\n"
        + "{\"question\": \"What is 12+19?\", \"answer\": \"31\"}\n");
    Path run = tmp.resolve("run");
    String train = SsftCommandTest.run(0, "train", "--method", "gfpo", "--model",
        Fixtures.model("qwen2-tiny").resolve("hf").toString(), "--data", data.toString(), "--out", run.toString(),
        "--steps", "1", "--batch-size", "2", "--group-size", "3", "--max-new-tokens", "40");
    assertTrue(train.contains("trained GFPO for 1 steps"), train);
    assertEquals(1, Files.readAllLines(run.resolve("gfpo.jsonl")).size());
    assertTrue(Files.readString(run.resolve("model/ssft.json")).contains("model_chosen"));
    Path exported = tmp.resolve("exported");
    SsftCommandTest.run(0, "export", "--model", run.resolve("model").toString(), "--out", exported.toString());
    // No --tag: the folder's ssft.json says the model chooses.
    String out = SsftCommandTest.run(0, "ask", "--model", exported.toString(), "-k", "2", "--no-stream",
        "--max-new-tokens", "20", "What is 5+9?");
    assertTrue(out.lines().anyMatch(l -> l.startsWith("fork distribution: ForkDistribution[1=")), out);
    assertEquals(2, out.lines().filter(l -> l.startsWith("branch ")).count(), out);
    SsftCommandTest.run(2, "ask", "--model", exported.toString(), "--tag", "best", "What is 5+9?");
  }
}
