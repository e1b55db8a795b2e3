package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssft generate}, {@code ssft ask} and {@code ssft bench consensus} on the tiny fixture model. */
class GenerateAskBenchCommandTest {

  @Test
  void generateGreedyJsonMatchesTheTransformersReference(@TempDir Path tmp) throws Exception {
    Path fixture = Fixtures.model("qwen2-tiny");
    JsonNode refs = new ObjectMapper().readTree(fixture.resolve("refs.json").toFile()).get("prompts").get(1);
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    String out = SsftCommandTest.run(0, "generate", "--model", dir.toString(), "--question",
        refs.get("question").asText(), "--tag", refs.get("tag").asText(), "--greedy", "--json");
    JsonNode json = new ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertEquals(refs.get("greedy_new_ids"), json.get("new_ids"));
    assertEquals(refs.get("greedy_text").asText(), json.get("text_with_special").asText());
    assertEquals("EOS", json.get("finish_reason").asText());

    String capped = SsftCommandTest.run(0, "generate", "--model", dir.toString(), "--prompt-text",
        "<|im_start|>user\nhi<|im_end|>\n", "--greedy", "--max-new-tokens", "7", "--ignore-eos");
    assertTrue(capped.contains("MAX_TOKENS (7 tokens)"), capped);
  }

  @Test
  void askPrintsEveryBranchAndTheVote(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    String out = SsftCommandTest.run(0, "ask", "--model", dir.toString(), "-k", "3", "--seed", "5",
        "--max-new-tokens", "60", "What is 12+19?");
    assertEquals(3, out.lines().filter(l -> l.startsWith("branch ")).count(), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("branch 3  <think3> .* answer=\\S+ +\\| .*")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("votes: ")), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("answer: ")), out);
  }

  @Test
  void benchConsensusEndsWithTheKeyValueLine(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    String out = SsftCommandTest.run(0, "bench", "consensus", "--model", dir.toString(), "-k", "3", "--repeats",
        "1", "--warmup", "0", "--max-new-tokens", "20");
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    Matcher m = Pattern.compile("speedup_vs_sequential=[0-9.]+ ort_ceiling=[0-9.]+ overhead_outside_ort=[0-9.]+ "
        + "prefill_tokens=(\\d+) prompt_tokens=(\\d+) java_loop_share=[0-9.]+").matcher(last);
    assertTrue(m.matches(), last);
    assertEquals(m.group(2), m.group(1), "the prompt is prefilled once: " + last);
  }
}
