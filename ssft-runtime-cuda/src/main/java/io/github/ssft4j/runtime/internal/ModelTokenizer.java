package io.github.ssft4j.runtime.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A model's Hugging Face tokenizer ({@code tokenizer.json}) through DJL's binding of the Rust tokenizers library.
 *
 * <p>{@link #encode(String)} parses special tokens written in the text (e.g. {@code <|im_start|>}) and adds no
 * BOS/EOS: chat templates already write them, as transformers' {@code apply_chat_template} then
 * {@code encode(..., add_special_tokens=False)} does.
 *
 * <pre>{@code
 * try (ModelTokenizer tokenizer = ModelTokenizer.load(modelDir)) {
 *   long[] ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} frees the native tokenizer.
 */
public final class ModelTokenizer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Long> vocabulary;
  private final Set<Long> specialIds;
  private final long maxId;
  private final Path file;

  private ModelTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Long> vocabulary, Set<Long> specialIds,
      Path file) {
    this.tokenizer = tokenizer;
    this.vocabulary = vocabulary;
    this.specialIds = Set.copyOf(specialIds);
    this.maxId = vocabulary.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    this.file = file;
  }

  /**
   * @param modelDir a folder holding {@code tokenizer.json}
   * @return the tokenizer; close it when done
   * @throws ModelLoadException when {@code tokenizer.json} is missing or invalid
   */
  public static ModelTokenizer load(Path modelDir) {
    Path file = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("missing tokenizer file " + file);
    }
    Map<String, Long> vocabulary = new HashMap<>();
    Set<Long> special = new HashSet<>();
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        throw new ModelLoadException(file + " is not a JSON object");
      }
      JsonNode vocab = root.path("model").path("vocab");
      if (vocab.isObject()) {
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
          vocabulary.put(e.getKey(), id(e.getValue(), file, "model.vocab[\"" + e.getKey() + "\"]"));
        }
      } else if (vocab.isArray()) {
        // Unigram models list [piece, score] pairs; the id is the position.
        for (int i = 0; i < vocab.size(); i++) {
          vocabulary.put(vocab.get(i).path(0).asText(), (long) i);
        }
      } else {
        throw new ModelLoadException(file + ": field model.vocab is missing or not an object or array");
      }
      JsonNode addedTokens = root.path("added_tokens");
      if (!addedTokens.isMissingNode() && !addedTokens.isArray()) {
        throw new ModelLoadException(file + ": field added_tokens must be an array");
      }
      for (JsonNode added : addedTokens) {
        long id = id(added.path("id"), file, "added_tokens[].id");
        if (!added.path("content").isTextual()) {
          throw new ModelLoadException(file + ": field added_tokens[].content of id " + id + " must be a string");
        }
        vocabulary.put(added.path("content").asText(), id);
        if (added.path("special").asBoolean(false)) {
          special.add(id);
        }
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse tokenizer file " + file + ": " + e.getMessage(), e);
    }
    // From the JSON file alone: DJL would otherwise also read tokenizer_config.json and may add BOS/EOS.
    // DJL truncates to 512 tokens unless told not to; prompts and traces can be longer.
    // On a native thread: loading the Rust library and parsing run native code (see NativeThread).
    HuggingFaceTokenizer tok = NativeThread.call(() -> {
      try (InputStream in = Files.newInputStream(file)) {
        return HuggingFaceTokenizer.newInstance(in,
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      } catch (IOException | RuntimeException e) {
        throw new ModelLoadException("cannot load tokenizer file " + file + ": " + e.getMessage(), e);
      }
    });
    return new ModelTokenizer(tok, vocabulary, special, file);
  }

  /** The largest token id accepted from a file: ids index logits, so they must stay far below 2^31. */
  static final long MAX_ID = 1L << 30;

  private static long id(JsonNode value, Path file, String field) {
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0 || value.asLong() > MAX_ID) {
      throw new ModelLoadException(file + ": field " + field + " must be a token id in 0.." + MAX_ID + ", got "
          + (value.isMissingNode() ? "nothing" : value.toString()));
    }
    return value.asLong();
  }

  /**
   * @param text any text; special tokens written in it are recognized
   * @return its token ids, with no BOS/EOS added
   */
  public long[] encode(String text) {
    if (text == null) {
      throw new InvalidArgumentException("text to encode must not be null");
    }
    if (text.isEmpty()) {
      return new long[0];
    }
    Encoding encoding = tokenizer.encode(text, false, false);
    return encoding.getIds();
  }

  /**
   * @param ids token ids
   * @param skipSpecial whether special tokens (e.g. {@code <|im_end|>}) are left out of the text
   * @return the decoded text
   */
  public String decode(long[] ids, boolean skipSpecial) {
    if (ids == null) {
      throw new InvalidArgumentException("ids to decode must not be null");
    }
    if (ids.length == 0) {
      return "";
    }
    return tokenizer.decode(ids, skipSpecial);
  }

  /**
   * @param token a token's exact text, e.g. {@code <|im_end|>}
   * @return its id, or empty when the vocabulary has no such token
   */
  public OptionalLong tokenId(String token) {
    Long id = vocabulary.get(token);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /**
   * @param id a token id
   * @return whether it is one of the tokenizer's special added tokens
   */
  public boolean isSpecial(long id) {
    return specialIds.contains(id);
  }

  /** @return the largest token id the tokenizer can produce, or -1 for an empty vocabulary */
  public long maxTokenId() {
    return maxId;
  }

  /** @return the {@code tokenizer.json} file it was loaded from */
  public Path file() {
    return file;
  }

  /** Frees the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }
}
