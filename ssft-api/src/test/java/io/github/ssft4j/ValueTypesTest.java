package io.github.ssft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void generationDefaultsAreThePapersSettings() {
    GenerationOptions d = GenerationOptions.DEFAULT;
    assertEquals(0.7, d.temperature());
    assertEquals(0.95, d.topP());
    assertEquals(0, d.topK());
    assertFalse(d.greedy());
    assertTrue(d.withTemperature(0).greedy());
    assertEquals(7L, d.withSeed(7).seed());
    assertEquals(List.of("###"), d.withStopStrings(List.of("###")).stopStrings());
  }

  @Test
  void generationOptionsRejectOutOfRangeValuesNamingThem() {
    assertMessage("temperature", () -> GenerationOptions.DEFAULT.withTemperature(-1));
    assertMessage("temperature", () -> GenerationOptions.DEFAULT.withTemperature(Double.NaN));
    assertMessage("topP", () -> GenerationOptions.DEFAULT.withTopP(0));
    assertMessage("topP", () -> GenerationOptions.DEFAULT.withTopP(1.5));
    assertMessage("topK", () -> GenerationOptions.DEFAULT.withTopK(-2));
    assertMessage("maxNewTokens", () -> GenerationOptions.DEFAULT.withMaxNewTokens(0));
    assertMessage("stopStrings", () -> GenerationOptions.DEFAULT.withStopStrings(List.of("")));
    assertMessage("stopStrings[1]", () -> GenerationOptions.DEFAULT.withStopStrings(
        java.util.Arrays.asList("###", null)));
    assertMessage("stopStrings", () -> GenerationOptions.DEFAULT.withStopStrings(null));
  }

  @Test
  void emptyAndBlankQuestionsAreRejectedNamingTheArgument() {
    assertMessage("question", () -> Prompt.question(null, ""));
    assertMessage("question", () -> Prompt.question("system", " \n\t"));
    assertMessage("question", () -> ConsensusRequest.builder("").build());
  }

  @Test
  void forkingTokensFormatTagsAndPrefixes() {
    ForkingTokens t = ForkingTokens.DEFAULT;
    assertEquals(6, t.count());
    assertEquals("<think3>", t.tag(3));
    assertEquals("<|im_start|><think3>\n", t.prefix(3));
    assertEquals(List.of("<think1>", "<think2>"), ForkingTokens.of(2).tags());
    ForkingTokens custom = new ForkingTokens(4, "<mode_{i}>", "{tag}:");
    assertEquals("<mode_4>:", custom.prefix(4));
    assertMessage("tag index", () -> t.tag(7));
    assertMessage("tag index", () -> t.tag(0));
    assertMessage("tagFormat", () -> new ForkingTokens(6, "<think>", "{tag}"));
    assertMessage("prefixFormat", () -> new ForkingTokens(6, "<t{i}>", "x"));
  }

  @Test
  void logProbSummaryTracksSumMeanMinAndTheWorstWindow() {
    float[] lp = new float[40];
    java.util.Arrays.fill(lp, -0.5f);
    lp[35] = -5f;
    LogProbSummary s = LogProbSummary.of(lp, 40);
    assertEquals(40, s.tokens());
    assertEquals(-0.5 * 39 - 5, s.sum(), 1e-6);
    assertEquals(s.sum() / 40, s.mean(), 1e-9);
    assertEquals(-5, s.min(), 1e-9);
    assertEquals((-0.5 * 31 - 5) / 32, s.lowestWindowMean(), 1e-6);
    LogProbSummary shortTrace = LogProbSummary.of(new float[] {-1f, -3f}, 2);
    assertEquals(-2, shortTrace.lowestWindowMean(), 1e-9);
    assertEquals(LogProbSummary.EMPTY, LogProbSummary.of(new float[0], 0));
  }

  @Test
  void runtimeOptionsDefaultToCpuWithoutSilentFallback() {
    assertEquals(RuntimeOptions.ExecutionProvider.CPU, RuntimeOptions.DEFAULT.provider());
    RuntimeOptions gpu = RuntimeOptions.DEFAULT.withCuda(1, true);
    assertEquals(RuntimeOptions.ExecutionProvider.CUDA, gpu.provider());
    assertEquals(1, gpu.deviceId());
    assertTrue(gpu.allowCpuFallback());
    assertMessage("intraOpThreads", () -> RuntimeOptions.DEFAULT.withThreads(-1, 0));
  }

  private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should name " + fragment);
  }
}
