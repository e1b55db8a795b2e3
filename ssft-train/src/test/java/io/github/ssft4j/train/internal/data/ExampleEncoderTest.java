package io.github.ssft4j.train.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training ids equal the ids transformers used for prompt + tag, and the trace ids end with the terminator. */
class ExampleEncoderTest {
  @Test
  void promptAndTagIdsMatchTransformers() throws Exception {
    Path fixture = Fixtures.model("qwen2-tiny");
    JsonNode refs = new ObjectMapper().readTree(fixture.resolve("refs.json").toFile());
    try (ExampleEncoder enc = ExampleEncoder.load(fixture.resolve("hf"), ForkingTokens.DEFAULT)) {
      for (JsonNode p : refs.get("prompts")) {
        TrainingRecord r = new TrainingRecord(p.get("question").asText(), List.of("x"), "0",
            refs.get("system_prompt").asText());
        EncodedRecord e = enc.encode(r);
        int tag = p.get("tag").asInt();
        int[] got = e.example(tag - 1, 0);
        int[] expected = new int[p.get("prompt_ids").size()];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = p.get("prompt_ids").get(i).asInt();
        }
        assertArrayEquals(expected, Arrays.copyOf(got, expected.length), p.get("key").asText());
        // the greedy continuation (trace + <|im_end|>) tokenizes to the ids transformers generated
        String greedy = p.get("greedy_text").asText();
        String trace = greedy.substring(0, greedy.length() - ExampleEncoder.TERMINATOR.length());
        int[] traceIds = enc.encode(new TrainingRecord("q", List.of(trace), "0", null)).traces()[0];
        int[] gen = new int[p.get("greedy_new_ids").size()];
        for (int i = 0; i < gen.length; i++) {
          gen[i] = p.get("greedy_new_ids").get(i).asInt();
        }
        assertArrayEquals(gen, traceIds, p.get("key").asText());
        assertEquals(2, traceIds[traceIds.length - 1]);
      }
      TrainingException tooMany = assertThrows(TrainingException.class, () -> enc.encode(
          new TrainingRecord("q", List.of("1", "2", "3", "4", "5", "6", "7"), "0", null)));
      assertTrue(tooMany.getMessage().contains("7 traces"), tooMany.getMessage());
    }
  }
}
