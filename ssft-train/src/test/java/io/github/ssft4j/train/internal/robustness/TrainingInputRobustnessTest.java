package io.github.ssft4j.train.internal.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ssft4j.SsftException;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import io.github.ssft4j.train.internal.model.Qwen2Config;
import io.github.ssft4j.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Robustness suite for training inputs: safetensors whose header lies (offsets beyond the file, overlapping,
 * negative, a huge header length...), JSONL with bad lines, invalid UTF-8 and huge lines, malformed
 * {@code config.json}. Every case ends in a typed exception naming the file (and line or field), in bounded
 * time. Random cases take their count from {@code -Dssft.fuzz.cases} (default 4 per kind).
 */
class TrainingInputRobustnessTest {
  private static final int RANDOM_CASES = Integer.getInteger("ssft.fuzz.cases", 4);
  private static final long CASE_MILLIS = 20_000;

  private interface Call {
    Object run() throws Exception;
  }

  private record Case(String name, Call call, List<String> mentions) {}

  private final List<String> problems = new ArrayList<>();
  private int count;
  private long slowest;

  private void check(Case c) {
    count++;
    long t0 = System.nanoTime();
    try {
      Object result = c.call().run();
      problems.add(c.name() + ": accepted, returned " + result);
    } catch (SsftException e) {
      for (String m : c.mentions()) {
        if (!String.valueOf(e.getMessage()).contains(m)) {
          problems.add(c.name() + ": message does not name " + m + ": " + e.getMessage());
        }
      }
    } catch (Exception | Error e) {
      problems.add(c.name() + ": untyped " + e);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    slowest = Math.max(slowest, millis);
    if (millis > CASE_MILLIS) {
      problems.add(c.name() + ": took " + millis + " ms");
    }
  }

  private void report(String what, long start) {
    System.out.printf("[robustness] %s: %d cases, %.1f s, slowest %d ms%n", what, count,
        (System.nanoTime() - start) / 1e9, slowest);
    if (!problems.isEmpty()) {
      fail(problems.size() + " cases misbehaved:\n" + String.join("\n", problems));
    }
  }

  /** A safetensors file with {@code header} (padded to 8 bytes) and {@code dataBytes} bytes of data. */
  private static Path safetensors(Path file, String header, int dataBytes) throws Exception {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Files.write(file, b.array());
    return file;
  }

  private static Path withLength(Path file, long length, int size) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(length);
    Files.write(file, b.array());
    return file;
  }

  @Test
  void safetensorsHeadersThatLieAreRejected(@TempDir Path tmp) throws Exception {
    long start = System.nanoTime();
    String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%s]}";
    String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%s]}";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("offsets beyond the file", "{" + a.formatted("0,8") + "," + b.formatted("8,16") + "}");
    headers.put("overlapping", "{" + a.formatted("0,8") + "," + b.formatted("4,12") + "}");
    headers.put("negative offset", "{" + a.formatted("-8,0") + "}");
    headers.put("end before begin", "{" + a.formatted("8,0") + "}");
    headers.put("offsets as text", "{" + a.formatted("\"0\",\"8\"") + "}");
    headers.put("size disagrees with shape", "{" + a.formatted("0,4") + "}");
    headers.put("negative shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}");
    headers.put("shape overflows", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,16],"
        + "\"data_offsets\":[0,8]}}");
    headers.put("unknown dtype", "{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}");
    headers.put("no data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}");
    headers.put("header an array", "[1,2]");
    headers.put("header not JSON", "{\"a\": ");
    headers.put("header invalid UTF-8", "{\"\u00ff\": 1}");
    for (var e : headers.entrySet()) {
      Path file = safetensors(tmp.resolve("case-" + count + ".safetensors"), e.getValue(), 12);
      if (e.getKey().equals("header invalid UTF-8")) {
        byte[] bytes = Files.readAllBytes(file);
        bytes[10] = (byte) 0xC3; // a lone lead byte inside the header
        Files.write(file, bytes);
      }
      check(new Case(e.getKey(), () -> Safetensors.readAll(file), List.of(file.toString())));
    }
    Path huge = withLength(tmp.resolve("huge-header.safetensors"), Long.MAX_VALUE / 2, 64);
    check(new Case("header length huge", () -> Safetensors.header(huge), List.of(huge.toString(), "header length")));
    Path zero = withLength(tmp.resolve("zero-header.safetensors"), 0, 64);
    check(new Case("header length 0", () -> Safetensors.header(zero), List.of(zero.toString())));
    Path negative = withLength(tmp.resolve("negative-header.safetensors"), -1, 64);
    check(new Case("header length -1", () -> Safetensors.header(negative), List.of(negative.toString())));
    Path tiny = Files.write(tmp.resolve("tiny.safetensors"), new byte[3]);
    check(new Case("shorter than the length field", () -> Safetensors.header(tiny), List.of(tiny.toString())));

    // A valid file, then cut, overwritten and randomized.
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    tensors.put("w", new FloatTensor(new long[] {64, 32}, new float[64 * 32]));
    tensors.put("b", new FloatTensor(new long[] {32}, new float[32]));
    Path valid = tmp.resolve("valid.safetensors");
    Safetensors.write(valid, tensors, Map.of("format", "pt"));
    byte[] bytes = Files.readAllBytes(valid);
    assertEquals(2, Safetensors.readAll(valid).size());
    for (int s = 0; s < RANDOM_CASES; s++) {
      SplittableRandom r = new SplittableRandom(s);
      Path cut = Files.write(tmp.resolve("cut-" + s + ".safetensors"), Arrays.copyOf(bytes, r.nextInt(bytes.length)));
      check(new Case("truncated #" + s, () -> Safetensors.readAll(cut), List.of(cut.toString())));
      byte[] random = new byte[1 + r.nextInt(4096)];
      r.nextBytes(random);
      Path noise = Files.write(tmp.resolve("noise-" + s + ".safetensors"), random);
      check(new Case("random bytes #" + s, () -> Safetensors.readAll(noise), List.of(noise.toString())));
    }
    report("safetensors", start);
  }

  private static Path jsonl(Path dir, String name, byte[]... lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    return Files.write(dir.resolve(name), out.toByteArray());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String GOOD = "{\"question\":\"What is 1+1?\",\"traces\":[\"1+1=2. \\\\boxed{2}\"],\"answer\":\"2\"}";

  @Test
  void jsonlWithBadLinesInvalidUtf8AndHugeLinesIsRejectedNamingLineAndOffset(@TempDir Path tmp) throws Exception {
    long start = System.nanoTime();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("not JSON", "{\"question\": ");
    bad.put("an array", "[1, 2]");
    bad.put("no question", "{\"traces\":[\"a\"],\"answer\":\"2\"}");
    bad.put("traces not an array", "{\"question\":\"q\",\"traces\":\"a\",\"answer\":\"2\"}");
    bad.put("no traces", "{\"question\":\"q\",\"traces\":[],\"answer\":\"2\"}");
    bad.put("a trace a number", "{\"question\":\"q\",\"traces\":[5],\"answer\":\"2\"}");
    bad.put("seven traces", "{\"question\":\"q\",\"traces\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"],\"answer\":\"2\"}");
    bad.put("empty question", "{\"question\":\" \",\"traces\":[\"a\"],\"answer\":\"2\"}");
    bad.put("question an object", "{\"question\":{},\"traces\":[\"a\"],\"answer\":\"2\"}");
    for (var e : bad.entrySet()) {
      Path file = jsonl(tmp, "bad-" + count + ".jsonl", utf8(GOOD), utf8(""), utf8(e.getValue()));
      check(new Case(e.getKey(), () -> JsonlDataset.read(file, 6), List.of(file + ":3")));
    }
    // Invalid UTF-8 in line 2 (the lead byte of "é" at byte 16 followed by 0xFF): offsets in the file and the line.
    byte[] broken = utf8("{\"question\":\"caf\u00e9\",\"traces\":[\"a\"],\"answer\":\"2\"}");
    broken[17] = (byte) 0xFF;
    Path invalid = jsonl(tmp, "invalid.jsonl", utf8(GOOD), broken);
    int line1 = utf8(GOOD).length + 1;
    check(new Case("invalid UTF-8", () -> JsonlDataset.read(invalid, 6),
        List.of(invalid + ":2", "invalid UTF-8", "byte " + (line1 + 16) + " ", "byte 16 of the line")));
    byte[] cutChar = Arrays.copyOf(utf8("{\"question\":\"\u20ac"), 14);
    Path truncatedChar = jsonl(tmp, "cut-char.jsonl", cutChar);
    check(new Case("character cut at the end of a line", () -> JsonlDataset.read(truncatedChar, 6),
        List.of(truncatedChar + ":1", "invalid UTF-8")));
    Path empty = Files.write(tmp.resolve("empty.jsonl"), new byte[0]);
    check(new Case("empty file", () -> JsonlDataset.read(empty, 6), List.of(empty.toString(), "no records")));
    Path blank = jsonl(tmp, "blank.jsonl", utf8("  "), utf8(""));
    check(new Case("blank lines only", () -> JsonlDataset.read(blank, 6), List.of(blank.toString())));
    // One line longer than the limit: rejected when the limit is reached, not after reading it all.
    Path huge = tmp.resolve("huge.jsonl");
    try (var out = Files.newOutputStream(huge)) {
      out.write(utf8(GOOD + "\n{\"question\":\""));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 65; i++) {
        out.write(chunk);
      }
    }
    check(new Case("a 65 MB line", () -> JsonlDataset.read(huge, 6), List.of(huge + ":2", "longer than")));
    for (int s = 0; s < RANDOM_CASES; s++) {
      byte[] noise = new byte[1 + new SplittableRandom(s).nextInt(2000)];
      new SplittableRandom(50 + s).nextBytes(noise);
      Path file = jsonl(tmp, "noise-" + s + ".jsonl", utf8(GOOD), noise);
      check(new Case("random line #" + s, () -> JsonlDataset.read(file, 6), List.of(file + ":")));
    }
    report("jsonl", start);

    // Accepted: a byte-order mark, CRLF line ends, a trailing line without newline.
    Path bom = Files.write(tmp.resolve("bom.jsonl"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        utf8(GOOD + "\r\n" + GOOD)));
    List<TrainingRecord> records = JsonlDataset.read(bom, 6);
    assertEquals(2, records.size());
    assertEquals("What is 1+1?", records.get(0).question());
  }

  @Test
  void malformedTrainingConfigsAreRejectedNamingTheField(@TempDir Path tmp) throws Exception {
    long start = System.nanoTime();
    Path hf = Fixtures.model("qwen2-tiny").resolve("hf");
    String config = Files.readString(hf.resolve("config.json"));
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("hidden_size", config.replaceFirst("\"hidden_size\"\\s*:\\s*\\d+", "\"hidden_size\": \"64\""));
    bad.put("num_hidden_layers", config.replaceFirst("\"num_hidden_layers\"\\s*:\\s*\\d+,", ""));
    bad.put("num_key_value_heads", config.replaceFirst("\"num_key_value_heads\"\\s*:\\s*\\d+", "\"num_key_value_heads\": 3"));
    bad.put("num_attention_heads", config.replaceFirst("\"num_attention_heads\"\\s*:\\s*\\d+", "\"num_attention_heads\": 0"));
    bad.put("vocab_size", config.replaceFirst("\"vocab_size\"\\s*:\\s*\\d+", "\"vocab_size\": 1.5"));
    bad.put("intermediate_size", config.replaceFirst("\"intermediate_size\"\\s*:\\s*\\d+", "\"intermediate_size\": -4"));
    for (var e : bad.entrySet()) {
      Path file = Files.writeString(tmp.resolve("config-" + count + ".json"), e.getValue());
      check(new Case("config " + e.getKey(), () -> Qwen2Config.fromJson(file), List.of(file.toString(), e.getKey())));
    }
    Path cut = Files.writeString(tmp.resolve("cut.json"), config.substring(0, config.length() / 2));
    check(new Case("config cut", () -> Qwen2Config.fromJson(cut), List.of(cut.toString())));
    report("training config", start);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theSuiteRunsEveryCase() {
    assertTrue(RANDOM_CASES >= 1);
  }
}
