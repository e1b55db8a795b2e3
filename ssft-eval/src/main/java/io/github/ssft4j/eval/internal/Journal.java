package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation journal: JSONL, a header line (the settings and the problems with their gold answers) and then
 * one line per sample, appended and synced to disk as each forked call completes. A torn last line (the process
 * was killed while writing it) is detected on reading and dropped, and cut off before appending; a broken line
 * anywhere else is an error naming it. Samples already present are never written twice.
 */
final class Journal implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A journal's header and samples (first occurrence of each key). */
  record Contents(ObjectNode header, List<Sample> samples, long validBytes, boolean torn) {}

  private final Path file;
  private final FileChannel channel;
  private final Map<String, Sample> samples;

  private Journal(Path file, FileChannel channel, Map<String, Sample> samples) {
    this.file = file;
    this.channel = channel;
    this.samples = samples;
  }

  /**
   * Opens a journal for appending: creates it with {@code header}, or resumes it when it exists and its header is
   * the same ({@code file == null}: kept in memory only).
   */
  static Journal open(Path file, ObjectNode header) {
    if (file == null) {
      return new Journal(null, null, new LinkedHashMap<>());
    }
    try {
      if (Files.exists(file) && Files.size(file) > 0) {
        Contents c = read(file);
        if (!c.header().equals(header)) {
          throw new EvaluationException("journal " + file + " was written with other settings: "
              + difference(c.header(), header) + "; use another --journal or the same settings");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        if (c.torn()) {
          ch.truncate(c.validBytes());
          ch.force(true);
        }
        ch.position(c.validBytes());
        Map<String, Sample> map = new LinkedHashMap<>();
        c.samples().forEach(s -> map.put(s.key(), s));
        return new Journal(file, ch, map);
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      Journal j = new Journal(file, ch, new LinkedHashMap<>());
      j.write(List.of(header));
      return j;
    } catch (IOException e) {
      throw new EvaluationException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a journal without changing it. */
  static Contents read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new EvaluationException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
    ObjectNode header = null;
    Map<String, Sample> samples = new LinkedHashMap<>();
    int start = 0;
    int line = 0;
    long valid = 0;
    boolean torn = false;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      line++;
      boolean complete = end < bytes.length;
      String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      JsonNode node = null;
      try {
        node = text.isBlank() ? null : JSON.readTree(text);
      } catch (IOException e) {
        node = null;
      }
      boolean last = !complete || end + 1 >= bytes.length;
      if (node == null || !node.isObject()) {
        if (text.isBlank() && complete) {
          valid = end + 1;
          start = end + 1;
          continue;
        }
        if (last) {
          torn = true; // killed mid-write: drop it
          break;
        }
        throw new EvaluationException("journal " + file + " line " + line + " is corrupt (not a JSON object)");
      }
      if (!complete) {
        torn = true; // parsed, but its newline never made it: treat as torn so the next append starts clean
        break;
      }
      if (header == null) {
        if (!"header".equals(node.path("type").asText())) {
          throw new EvaluationException("journal " + file + " does not start with a header line");
        }
        header = (ObjectNode) node;
      } else {
        Sample s = sample(node, file, line);
        samples.putIfAbsent(s.key(), s);
      }
      valid = end + 1;
      start = end + 1;
    }
    if (header == null) {
      throw new EvaluationException("journal " + file + " has no header line");
    }
    return new Contents(header, new ArrayList<>(samples.values()), valid, torn);
  }

  /** @return samples recorded so far (first occurrence of each key) */
  synchronized List<Sample> samples() {
    return new ArrayList<>(samples.values());
  }

  synchronized boolean contains(String key) {
    return samples.containsKey(key);
  }

  /** Appends the samples not yet present, then syncs. */
  synchronized List<Sample> append(List<Sample> batch) {
    List<Sample> fresh = new ArrayList<>();
    for (Sample s : batch) {
      if (!samples.containsKey(s.key())) {
        fresh.add(s);
      }
    }
    if (fresh.isEmpty()) {
      return fresh;
    }
    if (channel != null) {
      List<JsonNode> lines = new ArrayList<>();
      fresh.forEach(s -> lines.add(json(s)));
      try {
        write(lines);
      } catch (IOException e) {
        throw new EvaluationException("cannot append to journal " + file + ": " + e.getMessage(), e);
      }
    }
    fresh.forEach(s -> samples.put(s.key(), s));
    return fresh;
  }

  private void write(List<? extends JsonNode> nodes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode n : nodes) {
      out.write(JSON.writeValueAsBytes(n));
      out.write('\n');
    }
    ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new EvaluationException("cannot close journal " + file + ": " + e.getMessage(), e);
      }
    }
  }

  static ObjectNode json(Sample s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "sample");
    n.put("problem", s.problemId());
    n.put("tag", s.tag());
    n.put("index", s.index());
    n.put("seed", s.seed());
    n.put("branch", s.branch());
    n.put("correct", s.correct());
    n.put("tokens", s.tokens());
    ObjectNode a = n.putObject("answer");
    a.put("raw", s.answer().raw());
    a.put("normalized", s.answer().normalized());
    a.put("kind", s.answer().kind().name());
    n.put("text", s.text());
    return n;
  }

  private static Sample sample(JsonNode n, Path file, int line) {
    try {
      JsonNode a = n.get("answer");
      ExtractedAnswer answer = new ExtractedAnswer(a.get("raw").asText(), a.get("normalized").asText(),
          ExtractedAnswer.Kind.valueOf(a.get("kind").asText()));
      return new Sample(n.get("problem").asText(), n.get("tag").asInt(), n.get("index").asInt(),
          n.get("seed").asLong(), n.get("branch").asInt(), n.get("text").asText(), answer,
          n.get("correct").asBoolean(), n.path("tokens").asInt());
    } catch (RuntimeException e) {
      throw new EvaluationException("journal " + file + " line " + line + " is not a valid sample: " + e.getMessage(),
          e);
    }
  }

  private static String difference(ObjectNode had, ObjectNode want) {
    List<String> diffs = new ArrayList<>();
    had.fieldNames().forEachRemaining(f -> {
      if (!had.get(f).equals(want.get(f))) {
        diffs.add(f);
      }
    });
    want.fieldNames().forEachRemaining(f -> {
      if (!had.has(f)) {
        diffs.add(f);
      }
    });
    return "fields " + diffs + " differ";
  }
}
