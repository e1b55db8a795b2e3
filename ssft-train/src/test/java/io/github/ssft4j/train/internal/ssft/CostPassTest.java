package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingConfig.Packing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.train.internal.data.EncodedRecord;
import io.github.ssft4j.train.internal.data.ExampleEncoder;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import io.github.ssft4j.train.internal.matching.Hungarian;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packed cost pass against transformers' cost matrix and against the unpacked computation. */
class CostPassTest {
  static Path fixture;
  static CausalLm model;
  static ExampleEncoder encoder;

  @BeforeAll
  static void load() {
    fixture = Fixtures.model("qwen2-tiny");
    model = Qwen2CausalLm.load(fixture.resolve("hf"));
    encoder = ExampleEncoder.load(fixture.resolve("hf"), ForkingTokens.DEFAULT);
  }

  @AfterAll
  static void close() {
    encoder.close();
    model.close();
  }

  @Test
  void everyLayoutReproducesTransformersCostMatrix() throws Exception {
    JsonNode refs = new ObjectMapper().readTree(fixture.resolve("refs.json").toFile());
    JsonNode cc = refs.get("ssft_cost_case");
    List<String> traces = new ArrayList<>();
    cc.get("traces").forEach(t -> traces.add(t.asText()));
    TrainingRecord record = new TrainingRecord("What is 37+48?", traces, "85", refs.get("system_prompt").asText());
    assertEquals(cc.get("prompt").asText(), encoder.renderPrompt(record));
    EncodedRecord enc = encoder.encode(record);
    FloatTensor expected = Safetensors.readAll(fixture.resolve("refs.safetensors")).get("ssft.cost_mean");
    for (Packing packing : Packing.values()) {
      double[][] c;
      try (NDManager m = model.manager().newSubManager()) {
        c = new CostPass(model, 10_000, packing).costs(List.of(enc), m)[0];
      }
      double worst = 0;
      for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 4; j++) {
          worst = Math.max(worst, Math.abs(c[i][j] - expected.data()[i * 4 + j]));
        }
      }
      System.out.printf("[cost] %s vs transformers: max abs diff %.3g%n", packing, worst);
      assertTrue(worst < 1e-4, packing + " differs from transformers by " + worst);
      JsonNode ref = refs.get("ssft_matching");
      Hungarian.Assignment a = Hungarian.solve(c);
      int[] rows = new int[ref.get("rows_tags0").size()];
      for (int k = 0; k < rows.length; k++) {
        rows[k] = ref.get("rows_tags0").get(k).asInt();
      }
      assertArrayEquals(rows, a.rows());
    }
  }

  @Test
  void packedEqualsUnpackedOnSeveralQuestionsWithShortPrefix() {
    List<EncodedRecord> batch = encoder.encodeAll(io.github.ssft4j.train.internal.data.JsonlDataset.read(Fixtures.subtractionSample(), 5).subList(0, 3));
    double[][][] reference;
    try (NDManager m = model.manager().newSubManager()) {
      reference = new CostPass(model, 7, Packing.NONE).costs(batch, m);
    }
    for (Packing packing : List.of(Packing.BLOCK_DIAGONAL, Packing.SHARED_PROMPT)) {
      double[][][] got;
      try (NDManager m = model.manager().newSubManager()) {
        got = new CostPass(model, 7, packing).costs(batch, m);
      }
      double worst = 0;
      for (int r = 0; r < batch.size(); r++) {
        assertEquals(6, got[r].length);
        assertEquals(5, got[r][0].length); // five strategies, one trace each
        for (int i = 0; i < 6; i++) {
          for (int j = 0; j < got[r][i].length; j++) {
            assertTrue(got[r][i][j] > 0);
            worst = Math.max(worst, Math.abs(got[r][i][j] - reference[r][i][j]));
          }
        }
      }
      System.out.printf("[cost] %s vs unpacked, 3 questions x 6 tags x 5 traces, L=7: max abs diff %.3g%n", packing,
          worst);
      assertTrue(worst < 1e-4, packing + " differs from unpacked by " + worst);
    }
  }

  @Test
  void defaultPrefixFollowsThePaper() {
    assertEquals(8, CostPass.defaultPrefixTokens(256, 6, 5));
    assertEquals(1, CostPass.defaultPrefixTokens(10, 6, 5));
  }
}
