package io.github.ssft4j.train.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.matching.Hungarian;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSFT cost matrix of {@code ssft_cost_case} and its matching, against transformers and scipy. */
class SsftCostTest {

  @Test
  void tinyCostMatrixAndMatching() throws Exception {
    check(Refs.tiny());
  }

  @Test
  void smallCostMatrixAndMatching() throws Exception {
    check(Refs.small());
  }

  private static void check(Refs refs) throws Exception {
    JsonNode cc = refs.json().get("ssft_cost_case");
    List<long[]> prompts = new ArrayList<>();
    List<long[]> traces = new ArrayList<>();
    try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(refs.hf().resolve("tokenizer.json"),
            Map.of("addSpecialTokens", "false"));
        Qwen2Model model = Qwen2Model.load(refs.hf())) {
      // the format is stored with an escaped newline: "<|im_start|><think{i}>\\n"
      String fmt = cc.get("tag_suffix_format").asText().replace("\\n", "\n");
      for (int i = 1; i <= 6; i++) {
        prompts.add(tok.encode(cc.get("prompt").asText() + fmt.replace("{i}", Integer.toString(i))).getIds());
      }
      for (JsonNode t : cc.get("traces")) {
        traces.add(tok.encode(t.asText() + cc.get("trace_terminator").asText()).getIds());
      }
      // the tokenizer reproduces the reference prompt ids (q0 uses the same question)
      assertArrayEquals(Refs.longs(refs.json().get("prompts").get(0).get("prompt_ids")), prompts.get(0));
      SequenceScorer.CostMatrix cm = new SequenceScorer(model).costMatrix(prompts, traces);
      double dm = maxDiff(cm.mean(), refs.tensors().get("ssft.cost_mean"));
      double ds = maxDiff(cm.sum(), refs.tensors().get("ssft.cost_sum"));
      System.out.printf("[conformance] %s cost matrix vs transformers: mean max abs diff %.3g, sum max abs diff %.3g%n",
          refs.dir().getFileName(), dm, ds);
      assertTrue(dm < 1e-4, "cost_mean diff " + dm);
      assertTrue(ds < 1e-4, "cost_sum diff " + ds);
      Hungarian.Assignment a = Hungarian.solve(cm.mean());
      JsonNode ref = refs.json().get("ssft_matching");
      assertArrayEquals(toInts(ref.get("rows_tags0")), a.rows());
      assertArrayEquals(toInts(ref.get("cols_traces")), a.cols());
      assertEquals(ref.get("cost").asDouble(), a.cost(), 1e-4);
    }
  }

  private static int[] toInts(JsonNode n) {
    int[] out = new int[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asInt();
    }
    return out;
  }

  private static double maxDiff(double[][] got, FloatTensor ref) {
    long[] s = ref.shape();
    assertEquals(s[0], got.length);
    assertEquals(s[1], got[0].length);
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      for (int j = 0; j < got[i].length; j++) {
        max = Math.max(max, Math.abs(got[i][j] - ref.data()[(int) (i * s[1] + j)]));
      }
    }
    return max;
  }
}
