package io.github.ssft4j.train.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.TrainingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (!line.isBlank()) {
          records.add(parse(file, lineNo, line, maxTraces));
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
