package io.github.ssft4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a fixture's {@code refs.json} and the float32 tensors of {@code refs.safetensors}. */
final class Refs {
  private static final ObjectMapper JSON = new ObjectMapper();

  final JsonNode json;
  private final Path fixture;

  Refs(Path fixture) {
    this.fixture = fixture;
    try {
      this.json = JSON.readTree(fixture.resolve("refs.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long[] ids(JsonNode array) {
    long[] ids = new long[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).asLong();
    }
    return ids;
  }

  /** A float32 tensor of {@code refs.safetensors}, flattened; {@code shape} receives its dimensions. */
  float[] tensor(String name, long[][] shape) {
    try {
      byte[] all = Files.readAllBytes(fixture.resolve("refs.safetensors"));
      ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      long headerLen = buf.getLong(0);
      JsonNode header = JSON.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
      JsonNode t = header.get(name);
      if (t == null || !"F32".equals(t.path("dtype").asText())) {
        throw new IllegalArgumentException("no F32 tensor " + name + " in refs.safetensors");
      }
      shape[0] = ids(t.get("shape"));
      int start = (int) (8 + headerLen + t.get("data_offsets").get(0).asLong());
      int end = (int) (8 + headerLen + t.get("data_offsets").get(1).asLong());
      float[] out = new float[(end - start) / 4];
      buf.position(start);
      buf.asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
