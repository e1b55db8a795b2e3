package io.github.ssft4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static ObjectNode header(String model) {
    ObjectNode h = Journal.JSON.createObjectNode();
    h.put("type", "header").put("model", model);
    return h;
  }

  private static Sample sample(String id, int index) {
    return new Sample(id, 1, index, 42L, index, "text " + index + " \"quoted\"\nline",
        new ExtractedAnswer("7", "7", ExtractedAnswer.Kind.MATH), index % 2 == 0, 5);
  }

  @Test
  void appendsOnceAndResumes(@TempDir Path tmp) {
    Path file = tmp.resolve("j.jsonl");
    try (Journal j = Journal.open(file, header("m"))) {
      assertEquals(2, j.append(List.of(sample("a", 0), sample("a", 1))).size());
      assertEquals(1, j.append(List.of(sample("a", 1), sample("a", 2))).size(), "a present sample is not rewritten");
    }
    try (Journal j = Journal.open(file, header("m"))) {
      assertEquals(3, j.samples().size());
      assertEquals(sample("a", 1), j.samples().get(1));
      j.append(List.of(sample("b", 0)));
    }
    assertEquals(4, Journal.read(file).samples().size());
  }

  @Test
  void aTornLastLineIsDroppedAndCutBeforeAppending(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("j.jsonl");
    try (Journal j = Journal.open(file, header("m"))) {
      j.append(List.of(sample("a", 0), sample("a", 1)));
    }
    String whole = Journal.JSON.writeValueAsString(Journal.json(sample("a", 2)));
    Files.write(file, whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    Journal.Contents c = Journal.read(file);
    assertTrue(c.torn());
    assertEquals(2, c.samples().size());
    try (Journal j = Journal.open(file, header("m"))) {
      assertEquals(2, j.samples().size());
      j.append(List.of(sample("a", 2)));
    }
    Journal.Contents after = Journal.read(file);
    assertEquals(3, after.samples().size());
    assertTrue(!after.torn());
    assertEquals(4, Files.readAllLines(file).size(), "header + 3 samples, the torn bytes gone");
  }

  @Test
  void otherSettingsOrACorruptMiddleLineAreErrors(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("j.jsonl");
    try (Journal j = Journal.open(file, header("m"))) {
      j.append(List.of(sample("a", 0), sample("a", 1)));
    }
    EvaluationException e = assertThrows(EvaluationException.class, () -> Journal.open(file, header("other")));
    assertTrue(e.getMessage().contains("[model]"), e.getMessage());
    List<String> lines = Files.readAllLines(file);
    Files.write(file, List.of(lines.get(0), "{broken", lines.get(2)));
    e = assertThrows(EvaluationException.class, () -> Journal.read(file));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
