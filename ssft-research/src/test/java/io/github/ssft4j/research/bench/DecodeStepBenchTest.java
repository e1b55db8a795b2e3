package io.github.ssft4j.research.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interleaved comparison behind {@code ssft bench decode --against}, on the shipped tiny model. */
class DecodeStepBenchTest {
  @TempDir static Path dir;

  @Test
  void comparesEveryModelInEachRoundAndReportsMedianRatiosToTheFirst() {
    Path a = Fixtures.modelFolder("qwen2-tiny", dir.resolve("a"));
    Path b = Fixtures.modelFolder("qwen2-tiny", dir.resolve("b"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DecodeStepBench.compare(new DecodeStepBench.CompareSettings(List.of(a, b), 3, List.of(4, 16), 1, 3, 1, 2),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(6, lines.stream().filter(l -> l.startsWith("round ")).count(), "3 rounds x 2 pasts:\n" + lines);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("round 3 past 16 batch 3: m0 ") && l.contains(" m1 ")
        && l.endsWith("x)")), "a round times both models and gives the second's ratio:\n" + lines);
    Map<String, Double> keys = Arrays.stream(lines.get(lines.size() - 1).split(" "))
        .collect(Collectors.toMap(kv -> kv.split("=")[0], kv -> Double.parseDouble(kv.split("=")[1])));
    assertEquals(List.of("speedup_m1_b3_p16_t1", "speedup_m1_b3_p4_t1", "step_ms_m0_b3_p16_t1", "step_ms_m0_b3_p4_t1",
        "step_ms_m1_b3_p16_t1", "step_ms_m1_b3_p4_t1"), keys.keySet().stream().sorted().toList());
    keys.values().forEach(v -> assertTrue(v > 0 && Double.isFinite(v), keys::toString));
  }

  @Test
  void roundsGiveEachPastsGrowthOverTheFirst() {
    Path a = Fixtures.modelFolder("qwen2-tiny", dir.resolve("r"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DecodeStepBench.run(new DecodeStepBench.Settings(a, 2, List.of(4, 32), List.of(1), 1, 2, 2),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(8, lines.stream().filter(l -> l.startsWith("round ")).count(), "2 batches x 2 rounds x 2 pasts");
    List<String> keys = Arrays.stream(lines.get(lines.size() - 1).split(" ")).map(kv -> kv.split("=")[0]).toList();
    assertEquals(List.of("step_ms_b1_p4_t1", "step_ms_b1_p32_t1", "growth_b1_p32_t1", "step_ms_b2_p4_t1",
        "step_ms_b2_p32_t1", "growth_b2_p32_t1"), keys);
  }

  @Test
  void refusesFewerThanTwoModelsNoPastsOrNoRounds() {
    Path a = dir.resolve("any");
    InvalidArgumentException one = assertThrows(InvalidArgumentException.class,
        () -> new DecodeStepBench.CompareSettings(List.of(a), 6, List.of(128), 0, 3, 1, 2));
    assertTrue(one.getMessage().contains("got 1 models"), one.getMessage());
    assertThrows(InvalidArgumentException.class,
        () -> new DecodeStepBench.CompareSettings(List.of(a, a), 6, List.of(128), 0, 0, 1, 2));
    InvalidArgumentException noPast = assertThrows(InvalidArgumentException.class,
        () -> new DecodeStepBench.CompareSettings(List.of(a, a), 6, List.of(), 0, 3, 1, 2));
    assertTrue(noPast.getMessage().contains("pasts []"), noPast.getMessage());
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, DecodeStepBench.median(new double[] {3, 1, 2}));
    assertEquals(2.5, DecodeStepBench.median(new double[] {4, 1, 3, 2}));
  }
}
