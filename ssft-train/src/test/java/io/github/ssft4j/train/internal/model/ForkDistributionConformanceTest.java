package io.github.ssft4j.train.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.runtime.internal.SsftSettings;
import io.github.ssft4j.runtime.internal.TagSequences;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.onnx.Qwen2OnnxExporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fork distribution computed by ONNX Runtime (prefill and forked cache) equals the DJL model's (one batched
 * forward) within 1e-5, for added special-token tags and for text tags that tokenize into several tokens: the
 * probabilities within 1e-5, the log-probabilities within 1e-5 per tag token (the tolerance the reference logits
 * themselves meet between two float32 implementations, once per summed token). Both KV-cache layouts: the torch
 * export (concatenating) and this project's in-place export.
 */
class ForkDistributionConformanceTest {
  /** Text tags as the released SSFT-32B checkpoints use them: ordinary text, no added tokens. */
  static final ForkingTokens TEXT_TAGS = new ForkingTokens(6, "[mode {i}]", "<|im_start|>{tag}\n");

  private static final List<String> QUESTIONS = List.of("What is 37+48?", "What is 5+9?",
      "Add 123 and 877, please.", "?");

  @ParameterizedTest
  @CsvSource({"qwen2-tiny,special,concat", "qwen2-tiny,text,concat", "qwen2-small,special,concat",
      "qwen2-small,text,concat", "qwen2-tiny,special,in-place", "qwen2-tiny,text,in-place",
      "qwen2-small,text,in-place"})
  void onnxRuntimeAndDjlAgree(String fixture, String kind, String layout, @TempDir Path tmp) {
    Path dir = Fixtures.modelFolder(fixture, tmp.resolve("model"));
    Path onnx = dir;
    if (layout.equals("in-place")) {
      onnx = tmp.resolve("in-place");
      Qwen2OnnxExporter.export(dir, onnx, new ExportOptions(false, 17, ExportOptions.KvCache.IN_PLACE));
    }
    if (kind.equals("text")) {
      new SsftSettings(TEXT_TAGS, Optional.empty()).write(onnx);
    }
    try (OnnxModel ort = new OnnxRuntimeBackend().open(onnx, RuntimeOptions.DEFAULT);
        Qwen2Model djl = Qwen2Model.load(dir)) {
      TagSequences tags = ort.tagSequences();
      int longest = tags.maxLength();
      assertTrue(kind.equals("text") ? longest > 1 : longest == 1, kind + " tags have " + longest + " tokens");
      ForkScorer scorer = new ForkScorer(djl, TagSequences.of(ort.forkingTokens(), ort.tokenizer()::encode));
      double worstProb = 0;
      double worstLogPerToken = 0;
      for (String q : QUESTIONS) {
        Prompt prompt = Prompt.question("Please reason step by step.", q);
        ForkDistribution a = ort.forkDistribution(prompt);
        ForkDistribution b = scorer.distribution(ort.promptIds(prompt));
        assertEquals(6, a.size());
        for (int t = 1; t <= 6; t++) {
          int tokens = tags.tags()[t - 1].length;
          worstLogPerToken = Math.max(worstLogPerToken, Math.abs(a.logProb(t) - b.logProb(t)) / tokens);
          worstProb = Math.max(worstProb, Math.abs(a.probability(t) - b.probability(t)));
          worstProb = Math.max(worstProb, Math.abs(Math.exp(a.logProb(t)) - Math.exp(b.logProb(t))));
        }
        double total = a.probabilities().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1, total, 1e-9);
      }
      System.out.printf("[conformance] fork distribution %s %s tags (%d tokens at most), %s export: max |ORT - DJL| "
          + "of the probabilities %.3g, of the log-probabilities per tag token %.3g%n", fixture, kind, longest, layout,
          worstProb, worstLogPerToken);
      // Probabilities within 1e-5; a log-probability sums one term per token, each within the logits' own 1e-5.
      assertTrue(worstProb < 1e-5, fixture + " " + kind + ": probabilities differ by " + worstProb);
      assertTrue(worstLogPerToken < 1e-5, fixture + " " + kind + ": log-probabilities differ by "
          + worstLogPerToken + " per token");
    }
  }
}
