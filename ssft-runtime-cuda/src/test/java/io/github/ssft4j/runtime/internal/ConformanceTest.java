package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.FinishReason;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine against what transformers computed: logits, greedy continuations, the batched six-tag case. */
class ConformanceTest {
  private static final double LOGIT_TOLERANCE = 1e-4;
  private static final GenerationOptions GREEDY = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(200);

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void logitsMatchThroughPrefillAndTokenByTokenDecode(String name, @TempDir Path tmp) {
    Path fixture = Fixtures.model(name);
    Refs refs = new Refs(fixture);
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder(name, tmp), RuntimeOptions.DEFAULT)) {
      DecoderSession decoder = model.decoder();
      double worst = 0;
      int positions = 0;
      for (JsonNode p : refs.json.get("prompts")) {
        long[] prompt = Refs.ids(p.get("prompt_ids"));
        long[] greedy = Refs.ids(p.get("greedy_new_ids"));
        long[][] shape = new long[1][];
        float[] ref = refs.tensor("logits." + p.get("key").asText(), shape);
        int vocab = (int) shape[0][1];
        assertEquals(prompt.length + greedy.length, shape[0][0]);
        RunStats.Recorder stats = new RunStats.Recorder(false);
        List<OnnxTensor> empty = decoder.emptyCache(1);
        DecoderSession.Step step = decoder.run(prompt, ones(prompt.length), range(0, prompt.length), 1, empty, stats);
        empty.forEach(OnnxTensor::close);
        worst = Math.max(worst, maxDiff(step.logits(), 0, ref, 0, prompt.length * vocab));
        positions += prompt.length;
        for (int j = 0; j < greedy.length; j++) {
          int pos = prompt.length + j;
          DecoderSession.Step next = decoder.run(new long[] {greedy[j]}, ones(pos + 1), new long[] {pos}, 1,
              step.present(), stats);
          step.close();
          step = next;
          worst = Math.max(worst, maxDiff(step.logits(), 0, ref, pos * vocab, vocab));
          positions++;
        }
        step.close();
      }
      System.out.printf("[conformance] %s: max abs logit difference %.3g over %d positions%n", name, worst,
          positions);
      assertTrue(worst < LOGIT_TOLERANCE, name + ": max abs logit difference " + worst);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void greedyIdsMatchForEveryPromptAndTheBatchedSixTags(String name, @TempDir Path tmp) {
    Path fixture = Fixtures.model(name);
    Refs refs = new Refs(fixture);
    String system = refs.json.get("system_prompt").asText();
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder(name, tmp), RuntimeOptions.DEFAULT)) {
      for (JsonNode p : refs.json.get("prompts")) {
        Prompt prompt = Prompt.question(system, p.get("question").asText());
        int tag = p.get("tag").asInt();
        long[] joined = concat(model.promptIds(prompt), model.modelTokenizer().encode(model.forkingTokens().prefix(tag)));
        assertArrayEquals(Refs.ids(p.get("prompt_ids")), joined, "prompt + tag prefix ids of " + p.get("key"));
        Trace trace = model.generate(new ForkRequest(prompt, List.of(tag), GREEDY)).get(0);
        assertArrayEquals(Refs.ids(p.get("greedy_new_ids")), toLongs(trace.tokenIds()), p.get("key").asText());
        assertEquals(FinishReason.EOS, trace.finishReason());
        assertEquals(model.modelTokenizer().decode(Refs.ids(p.get("greedy_new_ids")), true), trace.text());
      }
      JsonNode batch = refs.json.get("batched_six_tags");
      Prompt prompt = Prompt.question(system, batch.get("question").asText());
      Generation g = model.run(new ForkRequest(prompt, List.of(1, 2, 3, 4, 5, 6), GREEDY), RunControls.DEFAULT);
      long pad = 0;
      for (int b = 0; b < 6; b++) {
        long[] expected = Refs.ids(batch.get("new_ids").get(b));
        int end = expected.length;
        while (end > 0 && expected[end - 1] == pad && expected[end - 1] != 2) {
          end--;
        }
        assertArrayEquals(Arrays.copyOf(expected, end), toLongs(g.traces().get(b).tokenIds()), "batched tag " + (b + 1));
        assertEquals(b + 1, g.traces().get(b).tagIndex());
        assertEquals("<think" + (b + 1) + ">", g.traces().get(b).tag());
      }
      assertEquals(g.stats().promptTokens(), g.stats().prefillTokens(), "the prompt is prefilled once, untagged");
    }
  }

  static long[] ones(int n) {
    long[] out = new long[n];
    Arrays.fill(out, 1);
    return out;
  }

  static long[] range(int from, int to) {
    long[] out = new long[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static long[] toLongs(List<Integer> ids) {
    return ids.stream().mapToLong(Integer::longValue).toArray();
  }

  private static double maxDiff(FloatBuffer got, int gotOffset, float[] ref, int refOffset, int n) {
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(got.get(gotOffset + i) - ref[refOffset + i]));
    }
    return worst;
  }

}
