package io.github.ssft4j.train.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.train.internal.model.Refs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weight-only int8 / int4 exports ({@code com.microsoft.MatMulNBits}) measured against transformers' logits on the
 * reference prompts (teacher-forced over prompt + greedy continuation) and against the float greedy continuations.
 */
class QuantizedExportTest {
  private static final GenerationOptions GREEDY = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(200);

  @ParameterizedTest
  // Bounds recorded from the measured values (see docs/results/performance.md), with some room: they catch a broken
  // packing (errors of whole logits) rather than grade the quantizer.
  @CsvSource({"tiny,INT8,32,0.4,9", "tiny,INT4,32,3.0,4", "small,INT8,32,0.4,9", "small,INT4,32,3.0,6",
      "tiny,INT8,128,0.4,8", "tiny,INT4,128,3.0,4", "small,INT8,128,0.5,9", "small,INT4,128,4.5,7"})
  void quantizedLogitsStayCloseAndGreedyMostlyAgrees(String which, ExportOptions.Weights weights, int block,
      double maxError, int minIdentical, @TempDir Path tmp) throws Exception {
    Refs refs = which.equals("tiny") ? Refs.tiny() : Refs.small();
    Path dir = tmp.resolve(weights.name());
    Qwen2OnnxExporter.export(refs.hf(), dir, ExportOptions.DEFAULT.withWeights(weights, block));
    Qwen2Config cfg = Qwen2Config.fromJson(dir.resolve("config.json"));
    int vocab = cfg.vocabSize();
    double worst = 0;
    double sum = 0;
    long count = 0;
    try (OrtDecoder dec = new OrtDecoder(dir.resolve("model.onnx"), cfg.numHiddenLayers(), cfg.numKeyValueHeads(),
        cfg.headDim())) {
      for (JsonNode p : refs.json().get("prompts")) {
        long[] all = Refs.fullIds(p);
        FloatTensor ref = refs.tensors().get("logits." + p.get("key").asText());
        long[] pos = new long[all.length];
        long[] mask = new long[all.length];
        for (int i = 0; i < all.length; i++) {
          pos[i] = i;
          mask[i] = 1;
        }
        try (OrtDecoder one = new OrtDecoder(dir.resolve("model.onnx"), cfg.numHiddenLayers(),
            cfg.numKeyValueHeads(), cfg.headDim())) {
          float[] logits = one.step(new long[][] {all}, new long[][] {mask}, new long[][] {pos});
          for (int i = 0; i < logits.length; i++) {
            double d = Math.abs(logits[i] - ref.data()[i]);
            worst = Math.max(worst, d);
            sum += d;
            count++;
          }
        }
      }
    }
    int identical = 0;
    int agreeing = 0;
    int total = 0;
    String system = refs.json().get("system_prompt").asText();
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      for (JsonNode p : refs.json().get("prompts")) {
        long[] expected = Refs.longs(p.get("greedy_new_ids"));
        List<Integer> got = model.generate(new ForkRequest(Prompt.question(system, p.get("question").asText()),
            List.of(p.get("tag").asInt()), GREEDY)).get(0).tokenIds();
        int same = 0;
        while (same < Math.min(expected.length, got.size()) && got.get(same) == expected[same]) {
          same++;
        }
        identical += same == expected.length && got.size() == expected.length ? 1 : 0;
        agreeing += same;
        total += expected.length;
      }
    }
    long f32Bytes = 0;
    for (long[] s : io.github.ssft4j.train.internal.model.Qwen2Model.expectedParameters(cfg,
        io.github.ssft4j.train.internal.hf.HfCheckpoint.index(refs.hf()).keySet()).values()) {
      long n = 4;
      for (long d : s) {
        n *= d;
      }
      f32Bytes += n;
    }
    System.out.printf("[quantized] %s %s block %d: logits vs transformers max abs %.4f, mean abs %.5f; greedy "
        + "identical %d/9 prompts, %d/%d tokens before the first divergence; model.onnx %.2f MB "
        + "(f32 weights %.2f MB)%n", which, weights, block, worst, sum / count, identical, agreeing, total,
        Files.size(dir.resolve("model.onnx")) / 1e6, f32Bytes / 1e6);
    assertTrue(worst < maxError, "max abs logit error " + worst);
    assertTrue(identical >= minIdentical, identical + " of 9 greedy continuations identical");
  }
}
