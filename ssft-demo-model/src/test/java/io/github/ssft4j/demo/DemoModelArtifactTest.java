package io.github.ssft4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.DemoModel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the artifact ships: every file of the model folder, each matching its SHA-256 sum, small enough to ship. */
class DemoModelArtifactTest {
  static final String DIR = "META-INF/ssft4j/demo-model/";
  static final Path SOURCE = Path.of("src/main/resources").resolve(DIR);

  @Test
  void everyFileMatchesItsSumAndNoFileIsUnlisted() throws Exception {
    List<String> lines = Files.readAllLines(SOURCE.resolve("SHA256SUMS"));
    long total = 0;
    for (String line : lines) {
      String[] parts = line.split("  ", 2);
      Path file = SOURCE.resolve(parts[1]);
      byte[] bytes = Files.readAllBytes(file);
      total += bytes.length;
      assertEquals(parts[0], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          "SHA-256 of " + file);
    }
    try (Stream<Path> files = Files.list(SOURCE)) {
      assertEquals(lines.size() + 1, files.count(), "every file but SHA256SUMS is listed in it");
    }
    assertTrue(total <= 15_000_000, "the demo model must stay small enough to ship: " + total + " bytes");
    for (String needed : List.of("model.onnx", "config.json", "tokenizer.json", "tokenizer_config.json")) {
      assertTrue(lines.stream().anyMatch(l -> l.endsWith("  " + needed)), needed + " is shipped");
    }
  }

  @Test
  void theJarCarriesTheVersionAndTheModelCard() throws Exception {
    assertTrue(DemoModel.isAvailable());
    try (InputStream props = getClass().getClassLoader().getResourceAsStream(DIR + "demo-model.properties");
        InputStream card = getClass().getClassLoader().getResourceAsStream(DIR + "README.md")) {
      String p = new String(props.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.matches("(?s).*version=\\d+\\.\\d+\\.\\d+.*") && !p.contains("${"), p);
      assertTrue(new String(card.readAllBytes(), StandardCharsets.UTF_8).contains("Cons@6"));
    }
  }
}
