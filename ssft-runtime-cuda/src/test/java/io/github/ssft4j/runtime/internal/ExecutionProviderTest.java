package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA execution-provider policy: fail or fall back when it is unavailable, run it when it is there. */
class ExecutionProviderTest {

  @Test
  void cudaWithoutTheProviderFailsNamingTheGpuJarUnlessFallbackIsAllowed(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    // Simulates the CPU jar's answer on any machine, so the policy is tested even where CUDA exists.
    SessionFactory.CudaInstaller unavailable = (options, device) -> {
      throw new OrtException(OrtException.OrtErrorCode.ORT_EP_FAIL, "Failed to find CUDA shared provider");
    };
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> SessionFactory.open(dir.resolve("model.onnx"), RuntimeOptions.DEFAULT.withCuda(0, false), unavailable));
    assertTrue(e.getMessage().contains("onnxruntime_gpu") && e.getMessage().contains("CUDA 12")
        && e.getMessage().contains("ORT_EP_FAIL"), e.getMessage());

    SessionFactory.Opened fallback =
        SessionFactory.open(dir.resolve("model.onnx"), RuntimeOptions.DEFAULT.withCuda(3, true), unavailable);
    try {
      assertEquals(RuntimeOptions.ExecutionProvider.CPU, fallback.provider());
    } finally {
      close(fallback);
    }
  }

  @Test
  void theRealCpuJarTakesTheSamePathsThroughTheBackend(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    OnnxRuntimeBackend backend = new OnnxRuntimeBackend();
    try {
      SessionFactory.Opened probe = SessionFactory.open(dir.resolve("model.onnx"),
          RuntimeOptions.DEFAULT.withCuda(0, false));
      close(probe);
      Assumptions.abort("a CUDA provider is available here: the CPU-only failure path cannot be observed");
    } catch (ModelLoadException expected) {
      assertTrue(expected.getMessage().contains("onnxruntime_gpu"), expected.getMessage());
    }
    try (OnnxModel model = backend.open(dir, RuntimeOptions.DEFAULT.withCuda(0, true))) {
      assertEquals(RuntimeOptions.ExecutionProvider.CPU, model.provider());
      Trace t = model.generate(new ForkRequest(Prompt.question(null, "What is 2+2?"), List.of(1),
          GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(8))).get(0);
      assertTrue(t.tokenIds().size() > 0);
    }
  }

  @Test
  void cudaProviderReproducesTheGreedyReference(@TempDir Path tmp) {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    OnnxModel model;
    try {
      model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT.withCuda(0, false));
    } catch (ModelLoadException e) {
      String why = "no CUDA execution provider: " + e.getMessage();
      System.out.println("[skip] " + why);
      Assumptions.abort(why);
      return;
    }
    try (model) {
      assertSame(RuntimeOptions.ExecutionProvider.CUDA, model.provider());
      Refs refs = new Refs(Fixtures.model("qwen2-tiny"));
      JsonNode p = refs.json.get("prompts").get(0);
      Trace t = model.generate(new ForkRequest(Prompt.question(refs.json.get("system_prompt").asText(),
          p.get("question").asText()), List.of(p.get("tag").asInt()),
          GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(200))).get(0);
      assertArrayEquals(Refs.ids(p.get("greedy_new_ids")), ConformanceTest.toLongs(t.tokenIds()));
    }
  }

  private static void close(SessionFactory.Opened opened) {
    try {
      opened.session().close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
