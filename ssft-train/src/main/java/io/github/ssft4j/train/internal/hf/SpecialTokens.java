package io.github.ssft4j.train.internal.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds special tokens to Hugging Face tokenizer files: {@code tokenizer.json}'s {@code added_tokens} (never split,
 * not normalized) and the special-token lists of {@code tokenizer_config.json}. Existing tokens keep their ids; new
 * ones get the ids after the largest id in use.
 */
public final class SpecialTokens {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecialTokens() {}

  /**
   * The edited {@code tokenizer.json}.
   *
   * @param tokenizerJson the new file content
   * @param ids every requested token's id (existing or new), in request order
   * @param added the tokens that were missing and are now added, with their ids
   */
  public record Result(byte[] tokenizerJson, Map<String, Integer> ids, Map<String, Integer> added) {
    /** Unmodifiable copies. */
    public Result {
      ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
      added = Collections.unmodifiableMap(new LinkedHashMap<>(added));
    }
  }

  /**
   * Adds {@code tokens} as special tokens to a {@code tokenizer.json}.
   *
   * @param source names the file in error messages
   * @throws ModelLoadException when the JSON lacks {@code model.vocab} or {@code added_tokens}
   */
  public static Result add(byte[] tokenizerJson, List<String> tokens, String source) {
    ObjectNode root;
    try {
      root = (ObjectNode) JSON.readTree(tokenizerJson);
    } catch (IOException | ClassCastException e) {
      throw new ModelLoadException("cannot parse " + source + ": " + e.getMessage(), e);
    }
    JsonNode vocab = root.path("model").path("vocab");
    JsonNode addedNode = root.get("added_tokens");
    if (!vocab.isObject() && !vocab.isArray() || addedNode == null || !addedNode.isArray()) {
      throw new ModelLoadException(source + ": expected fields 'model.vocab' and 'added_tokens'");
    }
    ArrayNode addedTokens = (ArrayNode) addedNode;
    Map<String, Integer> known = new LinkedHashMap<>();
    java.util.Set<Integer> used = new java.util.HashSet<>();
    int vocabLen = vocab.size();
    if (vocab.isObject()) {
      for (var f : vocab.properties()) {
        known.put(f.getKey(), f.getValue().asInt());
        used.add(f.getValue().asInt());
      }
    } else {
      // Unigram vocabularies are [piece, score] arrays indexed by id.
      for (int i = 0; i < vocab.size(); i++) {
        known.put(vocab.get(i).get(0).asText(), i);
        used.add(i);
      }
    }
    int maxAdded = -1;
    for (JsonNode t : addedTokens) {
      known.put(t.get("content").asText(), t.get("id").asInt());
      used.add(t.get("id").asInt());
      maxAdded = Math.max(maxAdded, t.get("id").asInt());
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    Map<String, Integer> added = new LinkedHashMap<>();
    for (String tok : tokens) {
      Integer id = known.get(tok);
      if (id == null) {
        // The Rust tokenizers library ignores ids in added_tokens and recomputes them this way on load.
        id = maxAdded < 0 || maxAdded < vocabLen ? vocabLen : maxAdded + 1;
        if (used.contains(id)) {
          throw new ModelLoadException(source + ": the vocabulary's ids are not contiguous, so the tokenizers library"
              + " would give new token " + tok + " id " + id + ", which is already taken");
        }
        maxAdded = id;
        used.add(id);
        ObjectNode t = addedTokens.addObject();
        t.put("id", id);
        t.put("content", tok);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        known.put(tok, id);
        added.put(tok, id);
      }
      ids.put(tok, id);
    }
    try {
      return new Result(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), ids, added);
    } catch (IOException e) {
      throw new ModelLoadException("cannot encode " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Lists {@code added} in a {@code tokenizer_config.json}: in {@code extra_special_tokens} (transformers 5) or
   * {@code additional_special_tokens} (earlier versions; used when neither exists), and in
   * {@code added_tokens_decoder} when the file has one.
   */
  public static byte[] updateConfig(byte[] tokenizerConfig, Map<String, Integer> added, String source) {
    ObjectNode root;
    try {
      root = (ObjectNode) JSON.readTree(tokenizerConfig);
    } catch (IOException | ClassCastException e) {
      throw new ModelLoadException("cannot parse " + source + ": " + e.getMessage(), e);
    }
    String listField = root.has("extra_special_tokens") && root.get("extra_special_tokens").isArray()
        ? "extra_special_tokens" : "additional_special_tokens";
    JsonNode existing = root.get(listField);
    ArrayNode list = existing != null && existing.isArray() ? (ArrayNode) existing : root.putArray(listField);
    for (String tok : added.keySet()) {
      boolean present = false;
      for (JsonNode n : list) {
        present |= n.isTextual() && n.asText().equals(tok);
      }
      if (!present) {
        list.add(tok);
      }
    }
    if (root.get("added_tokens_decoder") instanceof ObjectNode dec) {
      added.forEach((tok, id) -> {
        ObjectNode t = dec.putObject(Integer.toString(id));
        t.put("content", tok);
        t.put("lstrip", false);
        t.put("normalized", false);
        t.put("rstrip", false);
        t.put("single_word", false);
        t.put("special", true);
      });
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new ModelLoadException("cannot encode " + source + ": " + e.getMessage(), e);
    }
  }
}
