package io.github.ssft4j.train.internal.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders written as a whole: a failed write leaves the previous folder (or none), never a partial one. */
class AtomicFilesTest {
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFolderIsReplacedWholeOrNotAtAll(@TempDir Path tmp) throws Exception {
    Path target = tmp.resolve("model");
    assertThrows(TrainingException.class, () -> AtomicFiles.writeFolder(target, dir -> {
      Files.writeString(dir.resolve("config.json"), "{}");
      throw new IOException("disk full");
    }));
    assertEquals(List.of(), names(tmp), "a failed first write leaves nothing, not even the temporary folder");

    AtomicFiles.writeFolder(target, dir -> {
      Files.writeString(dir.resolve("config.json"), "{\"v\": 1}");
      Files.writeString(dir.resolve("model.safetensors"), "weights 1");
    });
    assertThrows(TrainingException.class, () -> AtomicFiles.writeFolder(target, dir -> {
      Files.writeString(dir.resolve("model.safetensors"), "weights 2");
      throw new IOException("killed");
    }));
    assertEquals(List.of("config.json", "model.safetensors"), names(target));
    assertEquals("weights 1", Files.readString(target.resolve("model.safetensors")), "the previous folder stays");

    AtomicFiles.writeFolder(target, dir -> Files.writeString(dir.resolve("model.safetensors"), "weights 3"));
    assertEquals(List.of("model.safetensors"), names(target), "replaced as a whole");
    assertEquals(List.of("model"), names(tmp));
  }

  @Test
  void temporariesLeftByAKilledWriteAreRemovedOnRequest(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve(".matching-summary.json1799311647057398609.tmp"), "half");
    Files.writeString(tmp.resolve("matching.jsonl"), "kept");
    Files.writeString(tmp.resolve(".hidden"), "kept");
    AtomicFiles.removeStaleTemporaries(tmp);
    assertEquals(List.of(".hidden", "matching.jsonl"), names(tmp));
    assertTrue(Files.exists(tmp.resolve("matching.jsonl")));
  }
}
