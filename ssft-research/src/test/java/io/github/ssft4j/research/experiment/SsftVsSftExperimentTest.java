package io.github.ssft4j.research.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.testkit.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole experiment in miniature on qwen2-tiny (seconds): three methods trained from one checkpoint, exported,
 * evaluated with one branch per tag, bench, page, JSON and chart written. It checks the mechanics, not the
 * headline numbers (two steps teach nothing).
 */
class SsftVsSftExperimentTest {
  @Test
  void runsEndToEndAndWritesThePage(@TempDir Path dir) throws Exception {
    Path hf = Fixtures.model("qwen2-tiny").resolve("hf");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path page = SsftVsSftExperiment.run(new SsftVsSftExperiment.Settings(hf, dir.resolve("work"),
        dir.resolve("results"), 24, 10, 2, 2, 1e-3, 3L, 0.0, 24, 1), new PrintStream(log, true),
        io.github.ssft4j.TrainingListener.NONE);
    String md = Files.readString(page);
    assertTrue(md.contains("| SSFT |") && md.contains("| SFT-mixed |") && md.contains("| random-tags |"), md);
    assertTrue(md.contains("Cons@6(SSFT) - Cons@6(SFT-mixed)"), md);
    // the page names its starting checkpoint so that another machine can find it
    assertTrue(md.contains("- Start: `fixtures/qwen2-tiny/hf`") || md.contains("- Start: `testdata/qwen2-tiny/hf`"), md);
    assertTrue(!md.contains(hf.toAbsolutePath().toString()), md);
    assertTrue(md.contains("SSFT (SHARED_PROMPT)") && md.contains("SSFT (BLOCK_DIAGONAL)"), md);
    for (String m : new String[] {"ssft", "sft_mixed", "random_tags"}) {
      assertTrue(Files.isRegularFile(dir.resolve("work/" + m + "/onnx/model.onnx")), m);
      assertTrue(Files.isRegularFile(dir.resolve("work/" + m + "/matching-summary.json")), m);
      JsonNode eval = new ObjectMapper().readTree(dir.resolve("work/" + m + "/eval.json").toFile());
      assertEquals(10, eval.size());
      assertEquals(6, eval.get(0).get("texts").size());
    }
    JsonNode raw = new ObjectMapper().readTree(dir.resolve("results/ssft-vs-sft.json").toFile());
    assertEquals(3, raw.get("methods").size());
    assertTrue(raw.get("stepTimeRatio").asDouble() > 0);
    BufferedImage png = ImageIO.read(dir.resolve("results/ssft-vs-sft.png").toFile());
    assertEquals(1100, png.getWidth());
  }
}
