package io.github.ssft4j.train.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SSFT training data: one JSON object a line, {@code {"question": ..., "traces": ["...", ...], "answer":
 * ...}} with an optional {@code "system"}. Blank lines are skipped. Every error names the file, the line number
 * and the field at fault.
 */
public final class JsonlDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlDataset() {}

  /**
   * @param file a JSONL file
   * @param maxTraces the most traces a record may have (the number of forking tags {@code N})
   * @return the records, in file order
   * @throws TrainingException naming file, line and field when the file is unreadable or a record invalid
   */
  public static List<TrainingRecord> read(Path file, int maxTraces) {
    List<TrainingRecord> records = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      LineReader lines = new LineReader(in, file);
      for (String line; (line = lines.next()) != null; ) {
        if (!line.isBlank()) {
          records.add(parse(file, lines.number(), line, maxTraces));
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read training data " + file + ": " + e.getMessage(), e);
    }
    if (records.isEmpty()) {
      throw new TrainingException(file + ": no records");
    }
    return records;
  }

  /** The longest line accepted, in bytes: a record is a question and a few traces, not a corpus. */
  static final int MAX_LINE_BYTES = 64 << 20;

  /**
   * Splits UTF-8 bytes into lines ({@code \n} or {@code \r\n}), skipping a byte-order mark at the start; invalid
   * UTF-8 and over-long lines are errors naming the line and the byte offset in the file.
   */
  private static final class LineReader {
    private final InputStream in;
    private final Path file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[1 << 12];
    private long offset;
    private int number;

    LineReader(InputStream in, Path file) {
      this.in = in;
      this.file = file;
    }

    int number() {
      return number;
    }

    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;

    private int read() throws IOException {
      if (chunkPos == chunkEnd) {
        chunkEnd = in.read(chunk, 0, chunk.length);
        chunkPos = 0;
        if (chunkEnd <= 0) {
          chunkEnd = 0;
          return -1;
        }
      }
      return chunk[chunkPos++] & 0xff;
    }

    String next() throws IOException {
      int n = 0;
      long start = offset;
      int b;
      while ((b = read()) >= 0) {
        offset++;
        if (b == '\n') {
          break;
        }
        if (n == MAX_LINE_BYTES) {
          throw new TrainingException(file + ":" + (number + 1) + ": line is longer than " + MAX_LINE_BYTES
              + " bytes (starting at byte " + start + ")");
        }
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
        }
        buf[n++] = (byte) b;
      }
      if (b < 0 && n == 0 && offset == start) {
        return null;
      }
      number++;
      int from = 0;
      if (number == 1 && n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
        from = 3; // a UTF-8 byte-order mark, as some editors write
      }
      int to = n > from && buf[n - 1] == '\r' ? n - 1 : n;
      ByteBuffer bytes = ByteBuffer.wrap(buf, from, to - from);
      CharBuffer chars = CharBuffer.allocate(to - from);
      decoder.reset();
      CoderResult result = decoder.decode(bytes, chars, true);
      if (result.isError()) {
        throw new TrainingException(file + ":" + number + ": invalid UTF-8 at byte " + (start + bytes.position())
            + " of the file (byte " + (bytes.position() - from) + " of the line)");
      }
      decoder.flush(chars);
      return chars.flip().toString();
    }
  }

  private static TrainingRecord parse(Path file, int lineNo, String line, int maxTraces) {
    String where = file + ":" + lineNo;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new TrainingException(where + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw new TrainingException(where + ": expected a JSON object, got " + node.getNodeType());
    }
    String question = text(node, "question", where, true);
    String answer = text(node, "answer", where, true);
    String system = text(node, "system", where, false);
    JsonNode traces = node.get("traces");
    if (traces == null || !traces.isArray()) {
      throw new TrainingException(where + ": field 'traces' must be an array of strings");
    }
    if (traces.isEmpty() || traces.size() > maxTraces) {
      throw new TrainingException(where + ": field 'traces' has " + traces.size() + " entries, need 1.." + maxTraces);
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < traces.size(); i++) {
      JsonNode t = traces.get(i);
      if (!t.isTextual() || t.asText().isBlank()) {
        throw new TrainingException(where + ": field 'traces[" + i + "]' must be a non-empty string");
      }
      list.add(t.asText());
    }
    return new TrainingRecord(question, list, answer, system);
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new TrainingException(where + ": missing field '" + field + "'");
      }
      return null;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new TrainingException(where + ": field '" + field + "' must be a string, got " + v.getNodeType());
    }
    String s = v.asText();
    if (required && s.isBlank()) {
      throw new TrainingException(where + ": field '" + field + "' must not be empty");
    }
    return s;
  }
}
