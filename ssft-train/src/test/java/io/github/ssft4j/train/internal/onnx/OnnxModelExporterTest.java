package io.github.ssft4j.train.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.train.internal.model.Refs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelExporterTest {

  @Test
  void registeredThroughServiceLoader(@TempDir Path out) {
    ModelExporter e = ModelExporter.findDefault();
    assertEquals("onnx", e.name());
    e.export(Refs.tiny().hf(), out, ExportOptions.DEFAULT);
    assertTrue(Files.exists(out.resolve("model.onnx")));
  }

  @Test
  void missingCheckpointNamesTheFolder(@TempDir Path dir) {
    ModelLoadException ex = assertThrows(ModelLoadException.class,
        () -> new OnnxModelExporter().export(dir, dir.resolve("out"), ExportOptions.DEFAULT));
    assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
  }
}
