package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line path a user takes: data, train, export, generate, on the tiny fixture checkpoint. */
class TrainPipelineCommandTest {

  @Test
  void dataThenTrainThenExportThenGenerate(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    SsftCommandTest.run(0, "data", "subtraction", "--out", data.toString(), "--train", "8", "--test", "2",
        "--seed", "3");
    assertEquals(8, Files.readAllLines(data.resolve("train.jsonl")).size());
    assertEquals(2, Files.readAllLines(data.resolve("test.jsonl")).size());

    Path run = tmp.resolve("run");
    String train = SsftCommandTest.run(0, "train", "--method", "ssft", "--model",
        Fixtures.model("qwen2-tiny").resolve("hf").toString(), "--data", data.resolve("train.jsonl").toString(),
        "--out", run.toString(), "--steps", "2", "--batch-size", "2", "--max-seq-len", "128",
        "--checkpoint-every", "0");
    assertTrue(Files.exists(run.resolve("model").resolve("config.json")), train);
    assertTrue(Files.exists(run.resolve("matching.jsonl")), train);

    Path exported = tmp.resolve("exported");
    SsftCommandTest.run(0, "export", "--model", run.resolve("model").toString(), "--out", exported.toString());
    String out = SsftCommandTest.run(0, "generate", "--model", exported.toString(), "--question", "What is 52-17?",
        "--tag", "2", "--greedy", "--max-new-tokens", "12", "--json");
    JsonNode json = new ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertTrue(json.get("new_ids").size() > 0 && json.get("new_ids").size() <= 12, out);
  }

  @Test
  void anUnknownMethodIsRejectedNamingIt(@TempDir Path tmp) {
    int code = SsftCommand.run("train", "--method", "sgd", "--model", tmp.toString(), "--data",
        tmp.resolve("x.jsonl").toString(), "--out", tmp.toString());
    assertEquals(2, code);
  }
}
