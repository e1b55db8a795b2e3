package io.github.ssft4j.train.internal.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format with 64-bit offsets, so files over 2 GB work (DJL's decoder uses
 * {@code int} offsets). Reading converts F32, F16 and BF16 to float32 in Java (DJL's PyTorch engine crashes on
 * bfloat16). Writing produces F32 and is atomic: a temporary file in the target folder, then a move.
 *
 * <p>Layout: 8-byte little-endian header length, a JSON header {@code name -> {dtype, shape, data_offsets}} (offsets
 * relative to the end of the header), then the data.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Upper bound on a sane header; a larger value means the file is not safetensors. */
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /**
   * One tensor's header entry.
   *
   * @param name the tensor name
   * @param dtype the safetensors dtype ({@code F32}, {@code F16}, {@code BF16}, ...)
   * @param shape the dimensions
   * @param begin absolute byte offset of the data in the file
   * @param end absolute byte offset one past the data
   */
  public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    /** Defensive copy of the shape. */
    public Entry {
      shape = shape.clone();
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** @return the number of elements */
    public long elementCount() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * Reads the header of {@code file}.
   *
   * @return entries by name, in data order
   * @throws ModelLoadException when the file is missing or its header is malformed
   */
  public static Map<String, Entry> header(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, file);
      long n = len.flip().getLong();
      if (n <= 0 || n > MAX_HEADER || 8 + n > size) {
        throw new ModelLoadException(file + ": invalid safetensors header length " + n + " (file size " + size + ")");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8, file);
      JsonNode root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
      if (root == null || !root.isObject()) {
        throw new ModelLoadException(file + ": safetensors header is not a JSON object");
      }
      long base = 8 + n;
      List<Entry> entries = new ArrayList<>();
      for (var f : root.properties()) {
        if (f.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode e = f.getValue();
        JsonNode off = e.get("data_offsets");
        JsonNode shapeNode = e.get("shape");
        if (e.get("dtype") == null || off == null || off.size() != 2 || shapeNode == null) {
          throw new ModelLoadException(file + ": tensor '" + f.getKey() + "' lacks dtype, shape or data_offsets");
        }
        if (!shapeNode.isArray() || !e.get("dtype").isTextual()) {
          throw new ModelLoadException(file + ": tensor '" + f.getKey() + "' has a malformed dtype or shape");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
          JsonNode d = shapeNode.get(i);
          if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
            throw new ModelLoadException(file + ": tensor '" + f.getKey() + "' shape " + shapeNode
                + " must hold non-negative integers");
          }
          shape[i] = d.asLong();
          elements = multiply(elements, shape[i], file, f.getKey());
        }
        for (JsonNode o : off) {
          if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0 || o.asLong() > size) {
            throw new ModelLoadException(file + ": tensor '" + f.getKey() + "' data_offsets " + off
                + " must be integers within the file size " + size);
          }
        }
        Entry entry = new Entry(f.getKey(), e.get("dtype").asText(), shape, base + off.get(0).asLong(),
            base + off.get(1).asLong());
        long bytes = multiply(elements, dtypeSize(entry.dtype(), file, entry.name()), file, f.getKey());
        if (entry.end() - entry.begin() != bytes || entry.end() > size || entry.begin() < base) {
          throw new ModelLoadException(file + ": tensor '" + entry.name() + "' data_offsets "
              + off + " do not match dtype " + entry.dtype() + " shape " + Arrays.toString(shape)
              + " within file size " + size);
        }
        entries.add(entry);
      }
      entries.sort((a, b) -> Long.compare(a.begin(), b.begin()));
      for (int i = 1; i < entries.size(); i++) {
        Entry prev = entries.get(i - 1);
        Entry cur = entries.get(i);
        if (cur.begin() < prev.end()) {
          throw new ModelLoadException(file + ": tensors '" + prev.name() + "' and '" + cur.name()
              + "' overlap (bytes " + (prev.begin() - base) + ".." + (prev.end() - base) + " and "
              + (cur.begin() - base) + ".." + (cur.end() - base) + ")");
        }
      }
      Map<String, Entry> out = new LinkedHashMap<>();
      entries.forEach(e -> out.put(e.name(), e));
      return Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
    }
  }

  private static long multiply(long a, long b, Path file, String name) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new ModelLoadException(file + ": tensor '" + name + "' is larger than 2^63 bytes");
    }
  }

  /**
   * Reads one tensor as float32.
   *
   * @throws ModelLoadException for an unsupported dtype or a tensor too large for a Java array
   */
  public static FloatTensor read(Path file, Entry entry) {
    long count = entry.elementCount();
    if (count > Integer.MAX_VALUE - 8) {
      throw new ModelLoadException(file + ": tensor '" + entry.name() + "' has " + count
          + " elements, more than a Java array holds");
    }
    float[] out = new float[(int) count];
    int elem = dtypeSize(entry.dtype(), file, entry.name());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      // Read in chunks so no single buffer exceeds 2 GB and memory stays bounded.
      int chunkElems = (int) Math.min(count, 1 << 20);
      // A heap buffer no larger than the tensor: direct buffers would linger until a GC, per call.
      ByteBuffer buf = ByteBuffer.allocate(Math.max(1, chunkElems) * elem).order(ByteOrder.LITTLE_ENDIAN);
      int done = 0;
      while (done < count) {
        int n = (int) Math.min(chunkElems, count - done);
        buf.clear().limit(n * elem);
        readFully(ch, buf, entry.begin() + (long) done * elem, file);
        buf.flip();
        convert(entry, file, buf, out, done, n);
        done += n;
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot read tensor '" + entry.name() + "' of " + file + ": " + e.getMessage(), e);
    }
    return new FloatTensor(entry.shape(), out);
  }

  /** Reads every tensor of {@code file} as float32, in data order. */
  public static Map<String, FloatTensor> readAll(Path file) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    header(file).forEach((k, e) -> out.put(k, read(file, e)));
    return out;
  }

  private static void convert(Entry e, Path file, ByteBuffer buf, float[] out, int at, int n) {
    switch (e.dtype()) {
      case "F32" -> buf.asFloatBuffer().get(out, at, n);
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[at + i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
        }
      }
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[at + i] = halfToFloat(buf.getShort());
        }
      }
      case "F64" -> {
        for (int i = 0; i < n; i++) {
          out[at + i] = (float) buf.getDouble();
        }
      }
      default -> throw new ModelLoadException(file + ": tensor '" + e.name() + "' has dtype " + e.dtype()
          + "; only F32, F16, BF16 and F64 are read as float");
    }
  }

  /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      // subnormal half: value = mant * 2^-24
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static int dtypeSize(String dtype, Path file, String name) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
      default -> throw new ModelLoadException(file + ": tensor '" + name + "' has unknown dtype " + dtype);
    };
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, p);
      if (r < 0) {
        throw new ModelLoadException(file + ": truncated at byte " + p);
      }
      p += r;
    }
  }

  /**
   * Writes {@code tensors} as one F32 safetensors file, atomically.
   *
   * @param metadata string metadata for {@code __metadata__} (HF writes {@code {"format": "pt"}})
   * @throws TrainingException when writing fails
   */
  public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode md = header.putObject("__metadata__");
      metadata.forEach(md::put);
    }
    long offset = 0;
    for (var e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] hb;
    try {
      hb = JSON.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new TrainingException("cannot encode safetensors header for " + file, e);
    }
    // Pad the header with spaces to 8 bytes so the data is aligned, as the reference writer does.
    int padded = (hb.length + 7) / 8 * 8;
    byte[] h = Arrays.copyOf(hb, padded);
    Arrays.fill(h, hb.length, padded, (byte) ' ');
    AtomicFiles.write(file, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      writeFully(out, len.flip());
      writeFully(out, ByteBuffer.wrap(h));
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (FloatTensor t : tensors.values()) {
        float[] d = t.data();
        int i = 0;
        while (i < d.length) {
          int n = Math.min(d.length - i, buf.capacity() / 4);
          buf.clear();
          buf.asFloatBuffer().put(d, i, n);
          buf.limit(n * 4);
          writeFully(out, buf);
          i += n;
        }
      }
    });
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
