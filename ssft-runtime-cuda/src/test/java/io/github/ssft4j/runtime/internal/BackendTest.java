package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.FinishReason;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service registration, the shared-session cache, and generation controls on the real tiny model. */
class BackendTest {
  private static final Prompt QUESTION = Prompt.question(io.github.ssft4j.ParallelReasoner.DEFAULT_SYSTEM_PROMPT,
      "What is 37+48?");

  @Test
  void registeredThroughServiceLoader() {
    InferenceBackend backend = InferenceBackend.findDefault();
    assertInstanceOf(OnnxRuntimeBackend.class, backend);
    assertEquals("onnxruntime", backend.name());
  }

  @Test
  void sameFolderSharesOneSessionUntilTheLastClose(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    OnnxRuntimeBackend backend = new OnnxRuntimeBackend();
    long before = OnnxRuntimeBackend.loadedCount();
    OnnxModel a = backend.open(dir, RuntimeOptions.DEFAULT);
    OnnxModel b = backend.open(dir.resolve(".").normalize(), RuntimeOptions.DEFAULT);
    assertEquals(before + 1, OnnxRuntimeBackend.loadedCount());
    assertEquals(a.decoder(), b.decoder());
    a.close();
    a.close(); // idempotent
    ForkRequest request = new ForkRequest(QUESTION, List.of(1), GenerationOptions.DEFAULT.withMaxNewTokens(4));
    assertEquals(1, b.generate(request).size(), "the other handle keeps the session");
    assertThrows(GenerationException.class, () -> a.generate(request));
    b.close();
    assertEquals(before, OnnxRuntimeBackend.loadedCount());
  }

  @Test
  void aReplacedModelFileIsLoadedAfreshWhileOpenHandlesKeepTheirs(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("m"));
    OnnxRuntimeBackend backend = new OnnxRuntimeBackend();
    long before = OnnxRuntimeBackend.loadedCount();
    ForkRequest request = new ForkRequest(QUESTION, List.of(1), GenerationOptions.DEFAULT.withMaxNewTokens(4));
    try (OnnxModel old = backend.open(dir, RuntimeOptions.DEFAULT)) {
      // Replaced as deployment tools do: a new file moved over the old name (another inode, same bytes).
      Path fresh = Files.copy(dir.resolve("model.onnx"), tmp.resolve("model.onnx.new"));
      Files.move(fresh, dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (OnnxModel replaced = backend.open(dir, RuntimeOptions.DEFAULT)) {
        assertNotEquals(old.decoder(), replaced.decoder(), "a replaced model.onnx is not served from the cache");
        assertEquals(before + 2, OnnxRuntimeBackend.loadedCount());
        assertEquals(1, old.generate(request).size(), "the handle opened before keeps its session");
        // Rewritten in place (same inode): size and modification time tell.
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")) + " ");
        try (OnnxModel rewritten = backend.open(dir, RuntimeOptions.DEFAULT);
            OnnxModel same = backend.open(dir, RuntimeOptions.DEFAULT)) {
          assertNotEquals(replaced.decoder(), rewritten.decoder());
          assertEquals(rewritten.decoder(), same.decoder(), "unchanged files share the load");
          assertEquals(before + 3, OnnxRuntimeBackend.loadedCount());
        }
      }
    }
    assertEquals(before, OnnxRuntimeBackend.loadedCount());
  }

  @Test
  void seededSamplingRepeatsAndBranchesDiffer(@TempDir Path tmp) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      GenerationOptions hot = GenerationOptions.DEFAULT.withTemperature(1.5).withTopP(1).withMaxNewTokens(24);
      // Six branches with the same tag: they differ only through their random streams.
      ForkRequest request = new ForkRequest(QUESTION, List.of(2, 2, 2, 2, 2, 2), hot.withSeed(11));
      List<Trace> first = model.generate(request);
      assertEquals(first, model.generate(request), "same seed, same traces");
      assertNotEquals(first.get(0).tokenIds(), first.get(1).tokenIds());
      assertNotEquals(first, model.generate(new ForkRequest(QUESTION, request.tags(), hot.withSeed(12))));
    }
  }

  @Test
  void shrinkingTheBatchDoesNotChangeGreedyResults(@TempDir Path tmp) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      ForkRequest request = new ForkRequest(QUESTION, List.of(1, 2, 3, 4, 5, 6),
          GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(100));
      Generation never = model.run(request, RunControls.DEFAULT.withShrinkShare(0).withMeasureCpu(true));
      assertTrue(never.stats().sessionRunCpuNanos() > 0
          && never.stats().sessionRunCpuNanos() <= never.stats().threadCpuNanos(), never.stats().toString());
      assertEquals(-1, model.run(request, RunControls.DEFAULT).stats().threadCpuNanos());
      Generation eager = model.run(request, RunControls.DEFAULT.withShrinkShare(0.01));
      assertEquals(0, never.stats().cacheGathers());
      assertEquals(tokens(never), tokens(eager));
      assertEquals(never.stats().promptTokens(), eager.stats().prefillTokens());
    }
  }

  @Test
  void stopStringsMaxTokensAndIgnoreEos(@TempDir Path tmp) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      GenerationOptions greedy = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(200);
      Trace full = model.generate(new ForkRequest(QUESTION, List.of(1), greedy)).get(0);
      assertEquals(FinishReason.EOS, full.finishReason());
      String stop = "=";
      Trace stopped = model.generate(new ForkRequest(QUESTION, List.of(1), greedy.withStopStrings(List.of(stop))))
          .get(0);
      assertEquals(FinishReason.STOP_STRING, stopped.finishReason());
      assertEquals(full.text().indexOf(stop) + 1, stopped.text().indexOf(stop) + 1);
      assertEquals(stopped.tokenIds(), full.tokenIds().subList(0, stopped.tokenIds().size()));
      Trace capped = model.generate(new ForkRequest(QUESTION, List.of(1), greedy.withMaxNewTokens(5))).get(0);
      assertEquals(FinishReason.MAX_TOKENS, capped.finishReason());
      assertEquals(full.tokenIds().subList(0, 5), capped.tokenIds());
      Trace past = model.generate(new ForkRequest(QUESTION, List.of(1),
          greedy.withMaxNewTokens(full.tokenIds().size() + 5).withIgnoreEos(true))).get(0);
      assertEquals(full.tokenIds().size() + 5, past.tokenIds().size());
      assertEquals(full.tokenIds(), past.tokenIds().subList(0, full.tokenIds().size()));
    }
  }

  @Test
  void ssftJsonOverridesTheForkingTokens(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    Files.writeString(dir.resolve("ssft.json"), "{\"count\": 3}");
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      assertEquals(3, model.forkingTokens().count());
    }
    Files.writeString(dir.resolve("ssft.json"), "{\"count\": 2, \"tag_format\": \"<think>\"}");
    assertThrows(io.github.ssft4j.ModelLoadException.class,
        () -> new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT));
  }

  @Test
  void untaggedAndMixedPrefixLengthsUseLeftPaddedPrefixes(@TempDir Path tmp) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      GenerationOptions greedy = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(40);
      // Tag 0 has no prefix, tag 3 has three tokens: one step feeds a padded prefix block.
      List<Trace> mixed = model.generate(new ForkRequest(QUESTION, List.of(0, 3), greedy));
      Trace alone0 = model.generate(new ForkRequest(QUESTION, List.of(0), greedy)).get(0);
      Trace alone3 = model.generate(new ForkRequest(QUESTION, List.of(3), greedy)).get(0);
      assertEquals(alone0.tokenIds(), mixed.get(0).tokenIds());
      assertEquals(alone3.tokenIds(), mixed.get(1).tokenIds());
      assertEquals("", mixed.get(0).tag());
    }
  }

  @Test
  void concurrentCallsOnOneModelGiveTheSequentialResults(@TempDir Path tmp) throws Exception {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      ForkRequest request = new ForkRequest(QUESTION, List.of(1, 2, 3),
          GenerationOptions.DEFAULT.withSeed(3).withMaxNewTokens(40));
      List<Trace> expected = model.generate(request);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
      try {
        List<java.util.concurrent.Future<List<Trace>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
          futures.add(pool.submit(() -> model.generate(request)));
        }
        for (java.util.concurrent.Future<List<Trace>> f : futures) {
          assertEquals(expected, f.get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void longPromptsArePrefilledInChunksWithTheSameResult(@TempDir Path tmp) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      StringBuilder question = new StringBuilder();
      for (int i = 0; question.length() < 1900; i++) {
        question.append("What is ").append(10 + i).append('+').append(20 + i).append("? ");
      }
      Prompt prompt = Prompt.question(null, question.toString());
      long[] ids = model.promptIds(prompt);
      assertTrue(ids.length > 2 * ForkedGeneration.PREFILL_CHUNK, "prompt of " + ids.length + " tokens");
      Trace t = model.generate(new ForkRequest(prompt, List.of(0),
          GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(5).withStopStrings(List.of()))).get(0);
      // The same sequence in one unchunked run: each generated token is the arg-max at its position.
      long[] all = ConformanceTest.concat(ids, t.tokenIds().stream().mapToLong(Integer::longValue).toArray());
      DecoderSession decoder = model.decoder();
      List<ai.onnxruntime.OnnxTensor> empty = decoder.emptyCache(1);
      try (DecoderSession.Step step = decoder.run(all, ConformanceTest.ones(all.length),
          ConformanceTest.range(0, all.length), 1, empty, new RunStats.Recorder(false))) {
        int vocab = decoder.vocab;
        for (int j = 0; j < t.tokenIds().size(); j++) {
          int pos = ids.length - 1 + j;
          int best = 0;
          for (int v = 1; v < vocab; v++) {
            if (step.logits().get(pos * vocab + v) > step.logits().get(pos * vocab + best)) {
              best = v;
            }
          }
          assertEquals(best, t.tokenIds().get(j).intValue(), "token " + j);
        }
      } finally {
        empty.forEach(ai.onnxruntime.OnnxTensor::close);
      }
    }
  }

  private static List<List<Integer>> tokens(Generation g) {
    return g.traces().stream().map(Trace::tokenIds).toList();
  }
}
