package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fork distribution of the ONNX Runtime backend against the transformers logits at the fork. */
class ForkDistributionTest {

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void tagLogProbsAreTheTransformersLogSoftmaxAtTheFork(String name, @TempDir Path tmp) {
    Refs refs = new Refs(Fixtures.model(name));
    String system = refs.json.get("system_prompt").asText();
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder(name, tmp), RuntimeOptions.DEFAULT)) {
      TagSequences tags = model.tagSequences();
      assertArrayEquals(model.tokenizer().encode("<|im_start|>"), tags.forkPrefix());
      double worst = 0;
      for (JsonNode p : refs.json.get("prompts")) {
        long[] ids = Refs.ids(p.get("prompt_ids"));
        int tag = p.get("tag").asInt();
        // prompt_ids = chat prompt, <|im_start|>, <thinkI>, \n: the fork's logits sit at the <|im_start|>.
        int fork = ids.length - 3;
        assertEquals(tags.tags()[tag - 1][0], ids[fork + 1]);
        long[][] shape = new long[1][];
        float[] ref = refs.tensor("logits." + p.get("key").asText(), shape);
        int vocab = (int) shape[0][1];
        double norm = ForkDistributionPass.logSumExp(ref, fork * vocab, (fork + 1) * vocab);
        ForkDistribution d = model.forkDistribution(Prompt.question(system, p.get("question").asText()));
        for (int t = 1; t <= 6; t++) {
          double expected = ref[fork * vocab + (int) tags.tags()[t - 1][0]] - norm;
          worst = Math.max(worst, Math.abs(expected - d.logProb(t)));
        }
      }
      System.out.printf("[conformance] fork distribution %s vs transformers: max abs log-prob difference %.3g%n",
          name, worst);
      assertTrue(worst < 1e-4, name + ": " + worst);
    }
  }

  @Test
  void aForkOfDifferentTagsReportsTheDistributionItsOwnPrefillComputed(@TempDir Path tmp) {
    // The prompt and the fork prefix are prefilled together, so the separate pass's prefill is not needed.
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-small", tmp),
        RuntimeOptions.DEFAULT)) {
      Prompt prompt = Prompt.question("", "What is 83 - 47?");
      io.github.ssft4j.GenerationOptions greedy = io.github.ssft4j.GenerationOptions.DEFAULT.withTemperature(0)
          .withMaxNewTokens(4);
      io.github.ssft4j.spi.ForkResult six = model.fork(
          new io.github.ssft4j.spi.ForkRequest(prompt, java.util.List.of(1, 2, 3, 4, 5, 6), greedy));
      assertEquals(Optional.of(model.forkDistribution(prompt)), six.forkDistribution());
      // One tag for every branch: its whole prefix goes in with the prompt, past the fork; nothing to report.
      io.github.ssft4j.spi.ForkResult same = model.fork(
          new io.github.ssft4j.spi.ForkRequest(prompt, java.util.List.of(3, 3), greedy));
      assertEquals(Optional.empty(), same.forkDistribution());
    }
  }

  @Test
  void textTagsAreSequencesOfSeveralTokensAndTheFolderDeclaresItsPolicy(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    new SsftSettings(new ForkingTokens(4, "[mode {i}]", "<|im_start|>{tag}\n"),
        Optional.of(TagSchedule.MODEL_ARGMAX)).write(dir);
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      assertEquals(Optional.of(TagSchedule.MODEL_ARGMAX), model.preferredTagSchedule());
      TagSequences tags = model.tagSequences();
      assertTrue(tags.maxLength() > 1, Arrays.deepToString(tags.tags()));
      ForkDistribution d = model.forkDistribution(Prompt.question(null, "What is 2+2?"));
      assertEquals(4, d.size());
      assertTrue(d.mass() < 1e-2, "text tags are unlikely for a model trained on special tags: " + d);
      assertEquals(d, model.forkDistribution(Prompt.question(null, "What is 2+2?")));
    }
  }

  @Test
  void aBadPolicyNameIsAnErrorNamingTheFileAndField(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    Files.writeString(dir.resolve("ssft.json"), "{\"tag_policy\": \"best\"}");
    var e = assertThrows(ModelLoadException.class, () -> new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT));
    assertTrue(e.getMessage().contains("ssft.json") && e.getMessage().contains("tag_policy"), e.getMessage());
  }
}
