package io.github.ssft4j.train.internal.gfpo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.TrainingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RL questions with gold answers, one JSON object a line, in any of the common layouts:
 * <ul>
 *   <li>this project's: {@code {"question": "...", "answer": "...", "system": "..."}} (SSFT data works as it is:
 *       {@code traces} are ignored);</li>
 *   <li>verl's DAPO-Math-17k: {@code {"prompt": [{"role": "user", "content": "..."}], "reward_model":
 *       {"ground_truth": "34"}}};</li>
 *   <li>{@code {"prompt": [...] or "...", "label": ...}} (slime) and {@code {"prompt": "...", "solution": ...}}
 *       (open-r1).</li>
 * </ul>
 * Blank lines are skipped; every error names the file, the line and the field.
 */
public final class QuestionDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QuestionDataset() {}

  /**
   * @param file a JSONL file
   * @return the questions in file order
   * @throws TrainingException naming file, line and field when the file is unreadable or a record invalid
   */
  public static List<GfpoQuestion> read(Path file) {
    List<GfpoQuestion> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (!line.isBlank()) {
          out.add(parse(file + ":" + lineNo, line));
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read questions " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new TrainingException(file + ": no questions");
    }
    return out;
  }

  static GfpoQuestion parse(String where, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new TrainingException(where + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new TrainingException(where + ": expected a JSON object");
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (node.has("question")) {
      String system = text(node, "system", where, false);
      if (system != null) {
        messages.add(ChatMessage.system(system));
      }
      messages.add(ChatMessage.user(text(node, "question", where, true)));
    } else if (node.has("prompt")) {
      JsonNode prompt = node.get("prompt");
      if (prompt.isTextual()) {
        messages.add(ChatMessage.user(text(node, "prompt", where, true)));
      } else if (prompt.isArray() && !prompt.isEmpty()) {
        for (int i = 0; i < prompt.size(); i++) {
          JsonNode m = prompt.get(i);
          if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
            throw new TrainingException(where + ": field 'prompt[" + i + "]' must have string 'role' and 'content'");
          }
          messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
      } else {
        throw new TrainingException(where + ": field 'prompt' must be a string or a non-empty array of messages");
      }
    } else {
      throw new TrainingException(where + ": missing field 'question' (or 'prompt')");
    }
    return new GfpoQuestion(messages, answer(node, where));
  }

  private static String answer(JsonNode node, String where) {
    JsonNode truth = node.path("reward_model").path("ground_truth");
    if (!truth.isMissingNode() && !truth.isNull()) {
      return scalar(truth, "reward_model.ground_truth", where);
    }
    for (String field : List.of("answer", "label", "solution")) {
      JsonNode v = node.get(field);
      if (v != null && !v.isNull()) {
        return scalar(v, field, where);
      }
    }
    throw new TrainingException(where + ": missing gold answer: none of 'reward_model.ground_truth', 'answer', "
        + "'label', 'solution'");
  }

  private static String scalar(JsonNode v, String field, String where) {
    if (!v.isTextual() && !v.isNumber()) {
      throw new TrainingException(where + ": field '" + field + "' must be a string or number, got " + v.getNodeType());
    }
    if (v.asText().isBlank()) {
      throw new TrainingException(where + ": field '" + field + "' must not be empty");
    }
    return v.asText();
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new TrainingException(where + ": missing field '" + field + "'");
      }
      return null;
    }
    return scalar(v, field, where);
  }
}
