package io.github.ssft4j.train.internal.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ModelLoadException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  /** Writes a safetensors file whose data section is {@code data}, starting at {@code dataStart} (sparse before). */
  private static void writeRaw(Path file, String headerJson, long dataStart, byte[] data) throws Exception {
    byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      f.write(h);
      f.seek(8 + h.length + dataStart);
      f.write(data);
    }
  }

  @Test
  void readsF16AndBf16AsFloat(@TempDir Path dir) throws Exception {
    // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal half)
    short[] half = {(short) 0x3c00, (short) 0xc100, (short) 0x7bff, (short) 0x0001};
    // bf16: 1.0, -2.5, 3.140625, 1e38-ish
    short[] bf = {(short) 0x3f80, (short) 0xc020, (short) 0x4049, (short) 0x7e96};
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : half) {
      b.putShort(s);
    }
    for (short s : bf) {
      b.putShort(s);
    }
    Path f = dir.resolve("x.safetensors");
    writeRaw(f, "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[8,16]}}", 0, b.array());
    Map<String, FloatTensor> t = Safetensors.readAll(f);
    assertArrayEquals(new float[] {1f, -2.5f, 65504f, (float) Math.pow(2, -24)}, t.get("h").data());
    assertArrayEquals(new long[] {2, 2}, t.get("h").shape());
    assertArrayEquals(new float[] {1f, -2.5f, 3.140625f, Float.intBitsToFloat(0x7e960000)}, t.get("b").data());
  }

  @Test
  void halfConversionMatchesFloatRoundTripOnAllValues() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float v = Safetensors.halfToFloat((short) bits);
      int exp = (bits >>> 10) & 0x1f;
      if (exp == 0x1f) {
        assertTrue(Float.isNaN(v) || Float.isInfinite(v));
        continue;
      }
      int mant = bits & 0x3ff;
      double expected = (exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15))
          * ((bits & 0x8000) != 0 ? -1 : 1);
      assertEquals(expected, v, 0.0, "bits " + Integer.toHexString(bits));
    }
  }

  @Test
  void readsTensorsBeyondTwoGigabytes(@TempDir Path dir) throws Exception {
    // A sparse file: a 2.5 GB U8 tensor (never read) then an F32 tensor past the 2^31 byte mark.
    long pad = 2_500_000_000L;
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).putFloat(7f);
    Path f = dir.resolve("big.safetensors");
    writeRaw(f, "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + pad + "],\"data_offsets\":[0," + pad + "]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + pad + "," + (pad + 12) + "]}}", pad,
        b.array());
    assertTrue(Files.size(f) > (1L << 31));
    Safetensors.Entry e = Safetensors.header(f).get("w");
    assertTrue(e.begin() > Integer.MAX_VALUE);
    assertArrayEquals(new float[] {1.5f, -3f, 7f}, Safetensors.read(f, e).data());
  }

  @Test
  void writeThenReadRoundTrips(@TempDir Path dir) {
    Map<String, FloatTensor> t = new LinkedHashMap<>();
    t.put("a.weight", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    t.put("b", new FloatTensor(new long[] {1}, new float[] {-0.25f}));
    Path f = dir.resolve("m.safetensors");
    Safetensors.write(f, t, Map.of("format", "pt"));
    assertEquals(t, Safetensors.readAll(f));
  }

  @Test
  void malformedFilesNameTheFileAndTensor(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.safetensors");
    writeRaw(f, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 0, new byte[8]);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> Safetensors.header(f));
    assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains("'w'"), e.getMessage());
    Files.write(f, new byte[] {1, 2, 3});
    assertThrows(ModelLoadException.class, () -> Safetensors.header(f));
  }
}
