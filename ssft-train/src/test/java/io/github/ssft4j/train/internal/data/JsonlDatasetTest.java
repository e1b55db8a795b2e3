package io.github.ssft4j.train.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlDatasetTest {
  @TempDir Path dir;

  Path file(String... lines) throws Exception {
    Path f = dir.resolve("d.jsonl");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void readsRecordsAndSkipsBlankLines() throws Exception {
    Path f = file("{\"question\":\"q1\",\"traces\":[\"a\",\"b\"],\"answer\":\"1\",\"system\":\"s\"}", "",
        "{\"question\":\"q2\",\"traces\":[\"c\"],\"answer\":2}");
    List<TrainingRecord> r = JsonlDataset.read(f, 6);
    assertEquals(2, r.size());
    assertEquals(List.of("a", "b"), r.get(0).traces());
    assertEquals("s", r.get(0).system());
    assertEquals("2", r.get(1).answer());
    assertNull(r.get(1).system());
  }

  @Test
  void errorsNameFileLineAndField() throws Exception {
    String ok = "{\"question\":\"q\",\"traces\":[\"a\"],\"answer\":\"1\"}";
    assertError(file(ok, "{\"traces\":[\"a\"],\"answer\":\"1\"}"), ":2: missing field 'question'");
    assertError(file(ok, ok, "{\"question\":\"q\",\"traces\":\"a\",\"answer\":\"1\"}"), ":3: field 'traces' must be an array");
    assertError(file("{\"question\":\"q\",\"traces\":[\"a\",\"\"],\"answer\":\"1\"}"), ":1: field 'traces[1]'");
    assertError(file("{\"question\":\"q\",\"traces\":[],\"answer\":\"1\"}"), ":1: field 'traces' has 0 entries, need 1..6");
    assertError(file("{\"question\":\"q\",\"traces\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"],\"answer\":\"1\"}"),
        "has 7 entries, need 1..6");
    assertError(file("{\"question\":[1],\"traces\":[\"a\"],\"answer\":\"1\"}"), ":1: field 'question' must be a string");
    assertError(file(ok, "{not json"), ":2: not valid JSON");
    assertError(file("[1,2]"), ":1: expected a JSON object");
    assertError(file(""), "no records");
    assertError(dir.resolve("missing.jsonl"), "cannot read training data");
  }

  void assertError(Path f, String expected) {
    TrainingException e = assertThrows(TrainingException.class, () -> JsonlDataset.read(f, 6));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(f.getFileName().toString()),
        e.getMessage());
  }
}
