package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.eval.EvaluationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table file into rows of text cells: JSONL (one object a line), JSON (an array of objects, or an object
 * holding exactly one such array, e.g. {@code {"rows": [...]}}; Hugging Face's {@code {"row": {...}}} wrappers are
 * unwrapped) or CSV (RFC 4180: a header row, quoted cells may hold commas, quotes and line breaks). Non-text JSON
 * values become their JSON text ({@code 5}, {@code true}); nested values their compact JSON.
 */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  static List<Map<String, String>> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new EvaluationException("benchmark file " + file + " does not exist");
    }
    try {
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return jsonl(file);
      }
      if (name.endsWith(".json")) {
        return json(file);
      }
      if (name.endsWith(".csv")) {
        return csv(file, Files.readString(file, StandardCharsets.UTF_8));
      }
      if (name.endsWith(".parquet")) {
        throw new EvaluationException(file + ": Parquet is not read (it would need the Hadoop-based parquet-java); "
            + "convert it to JSONL first, e.g. pandas.read_parquet(f).to_json(out, orient='records', lines=True)");
      }
    } catch (IOException e) {
      throw new EvaluationException("cannot read benchmark file " + file + ": " + e.getMessage(), e);
    }
    throw new EvaluationException("benchmark file " + file + " is not .jsonl, .json or .csv");
  }

  private static List<Map<String, String>> jsonl(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new EvaluationException(file + " line " + n + " is not JSON: " + e.getMessage());
        }
        rows.add(object(node, file + " line " + n));
      }
    }
    return rows;
  }

  private static List<Map<String, String>> json(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new EvaluationException(file + " is not JSON: " + e.getMessage(), e);
    }
    JsonNode array = root;
    if (root.isObject()) {
      array = null;
      for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
        JsonNode v = it.next();
        if (v.isArray()) {
          if (array != null) {
            throw new EvaluationException(file + " holds several arrays; keep the one with the rows");
          }
          array = v;
        }
      }
    }
    if (array == null || !array.isArray()) {
      throw new EvaluationException(file + " is neither an array of rows nor an object holding one");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode row = array.get(i);
      if (row.isObject() && row.size() == 1 && row.has("row") && row.get("row").isObject()) {
        row = row.get("row");
      }
      rows.add(object(row, file + " row " + i));
    }
    return rows;
  }

  private static Map<String, String> object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new EvaluationException(where + " is not a JSON object");
    }
    Map<String, String> row = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      row.put(e.getKey(), v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString());
    });
    return row;
  }

  static List<Map<String, String>> csv(Path file, String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || cell.length() > 0) {
          record.add(cell.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        cell.setLength(0);
        any = false;
      } else {
        cell.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new EvaluationException(file + ": a quoted CSV cell is not closed");
    }
    if (any || cell.length() > 0) {
      record.add(cell.toString());
      records.add(record);
    }
    if (records.isEmpty()) {
      throw new EvaluationException(file + " is empty");
    }
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> cells = records.get(r);
      if (cells.size() != header.size()) {
        throw new EvaluationException(file + " record " + r + " has " + cells.size() + " cells, the header "
            + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c).trim(), cells.get(c));
      }
      rows.add(row);
    }
    return rows;
  }
}
