package io.github.ssft4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.TagSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a model folder that generation needs, read from {@code config.json},
 * {@code generation_config.json}, {@code tokenizer_config.json} and the optional {@code ssft.json}.
 *
 * @param dir the folder
 * @param model the exported decoder, {@code model.onnx}
 * @param maxPositions {@code max_position_embeddings} (required)
 * @param eosTokens the {@code eos_token_id}s of {@code generation_config.json} and {@code config.json}, plus the
 *     id of the tokenizer's {@code eos_token}
 * @param padTokenId the pad id used to fill left-padded prefix slots
 * @param forkingTokens from {@code ssft.json}, else {@link ForkingTokens#DEFAULT}
 * @param tagPolicy the tag schedule {@code ssft.json} declares ({@code tag_policy}), if any
 * @param layers {@code num_hidden_layers}; must match the KV-cache inputs of the ONNX graph
 * @param kvHeadsHint {@code num_key_value_heads}; checked against the ONNX shape when that is static
 * @param headDimHint {@code head_dim} (or hidden size over heads)
 * @param vocabHint {@code vocab_size}, or -1
 */
record ModelFolder(Path dir, Path model, int maxPositions, Set<Long> eosTokens, long padTokenId,
    ForkingTokens forkingTokens, Optional<TagSchedule> tagPolicy, int layers, int kvHeadsHint, int headDimHint,
    int vocabHint) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** File name of the optional forking-token settings: {@code {"count":6,"tag_format":..,"prefix_format":..}}. */
  static final String SSFT_JSON = "ssft.json";

  /** The most tags a model may declare: tag prefixes are tokenized and cached per tag. */
  static final int MAX_TAGS = 4096;

  static ModelFolder read(Path dir, ModelTokenizer tokenizer) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist or is not a directory");
    }
    Path model = require(dir.resolve("model.onnx"));
    Path configFile = require(dir.resolve("config.json"));
    JsonNode config = readJson(configFile);
    Path generationFile = dir.resolve("generation_config.json");
    JsonNode generation = optionalJson(generationFile);
    JsonNode tokenizerConfig = optionalJson(dir.resolve("tokenizer_config.json"));

    int maxPositions = positiveInt(config, "max_position_embeddings", configFile);
    int heads = positiveInt(config, "num_attention_heads", configFile);
    int hidden = positiveInt(config, "hidden_size", configFile);
    int layers = positiveInt(config, "num_hidden_layers", configFile);
    int kvHeads = positiveInt(config, "num_key_value_heads", configFile);
    int headDim = present(config, "head_dim") ? positiveInt(config, "head_dim", configFile) : hidden / heads;
    int vocab = present(config, "vocab_size") ? positiveInt(config, "vocab_size", configFile) : -1;
    long idLimit = vocab > 0 ? vocab : tokenizer.maxTokenId() + 1;

    Set<Long> eos = new LinkedHashSet<>();
    addIds(eos, generation.get("eos_token_id"), generationFile, idLimit);
    addIds(eos, config.get("eos_token_id"), configFile, idLimit);
    String eosText = tokenText(tokenizerConfig.get("eos_token"));
    if (eosText != null) {
      tokenizer.tokenId(eosText).ifPresent(eos::add);
    }
    long pad = -1;
    if (present(generation, "pad_token_id")) {
      pad = tokenId(generation.get("pad_token_id"), generationFile, "pad_token_id", idLimit);
    } else if (present(config, "pad_token_id")) {
      pad = tokenId(config.get("pad_token_id"), configFile, "pad_token_id", idLimit);
    } else {
      String padText = tokenText(tokenizerConfig.get("pad_token"));
      if (padText != null) {
        pad = tokenizer.tokenId(padText).orElse(-1);
      }
    }
    if (pad < 0) {
      pad = eos.isEmpty() ? 0 : eos.iterator().next();
    }
    return new ModelFolder(dir, model, maxPositions, Set.copyOf(eos), pad, readForkingTokens(dir, tokenizer),
        SsftSettings.readTagPolicy(dir),
        layers, kvHeads, headDim, vocab);
  }

  private static boolean present(JsonNode node, String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** A field that must be an integer in {@code 1..Integer.MAX_VALUE}. */
  private static int positiveInt(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new ModelLoadException(file + ": field " + field + " is missing");
    }
    boolean integral = value.isIntegralNumber()
        || value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble());
    if (!integral) {
      throw new ModelLoadException(file + ": field " + field + " must be a positive integer, got " + value);
    }
    boolean inRange = value.isIntegralNumber()
        ? value.canConvertToInt() && value.asInt() >= 1
        : value.asDouble() >= 1 && value.asDouble() <= Integer.MAX_VALUE;
    if (!inRange) {
      throw new ModelLoadException(file + ": field " + field + " must be an integer in 1.." + Integer.MAX_VALUE
          + ", got " + value);
    }
    return value.isIntegralNumber() ? value.asInt() : (int) value.asDouble();
  }

  private static long tokenId(JsonNode value, Path file, String field, long limit) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ModelLoadException(file + ": " + field + " must be a token id (an integer), got " + value);
    }
    long id = value.asLong();
    if (id < 0 || id >= limit) {
      throw new ModelLoadException(file + ": " + field + " " + id + " is outside the vocabulary (ids 0.."
          + (limit - 1) + ")");
    }
    return id;
  }

  private static ForkingTokens readForkingTokens(Path dir, ModelTokenizer tokenizer) {
    Path file = dir.resolve(SSFT_JSON);
    if (!Files.isRegularFile(file)) {
      return ForkingTokens.DEFAULT;
    }
    JsonNode node = readJson(file);
    ForkingTokens tokens;
    try {
      int count = present(node, "count") ? positiveInt(node, "count", file) : ForkingTokens.DEFAULT.count();
      if (count > MAX_TAGS) {
        throw new ModelLoadException(file + ": field count " + node.get("count") + " is above the limit of "
            + MAX_TAGS + " tags");
      }
      tokens = new ForkingTokens(count, text(node, "tag_format", file, ForkingTokens.DEFAULT.tagFormat()),
          text(node, "prefix_format", file, ForkingTokens.DEFAULT.prefixFormat()));
    } catch (ModelLoadException e) {
      throw e;
    } catch (SsftException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
    // Tags are either tokens of the vocabulary (trained as added tokens) or plain text throughout; a mix means
    // count names tags the tokenizer does not have, which would be fed as text and vote with junk answers.
    int inVocabulary = 0;
    int firstMissing = -1;
    for (int i = 1; i <= tokens.count(); i++) {
      if (tokenizer.tokenId(tokens.tag(i)).isPresent()) {
        inVocabulary++;
      } else if (firstMissing < 0) {
        firstMissing = i;
      }
    }
    if (inVocabulary > 0 && firstMissing > 0) {
      throw new ModelLoadException(file + ": field count is " + tokens.count() + " but " + tokenizer.file()
          + " has only " + inVocabulary + " of these tags as tokens (" + tokens.tag(firstMissing)
          + " is missing): count must not exceed the tags the model was trained with");
    }
    return tokens;
  }

  private static String text(JsonNode node, String field, Path file, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new ModelLoadException(file + ": field " + field + " must be a string, got " + value);
    }
    return value.asText();
  }

  private static Path require(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("missing model file " + file);
    }
    return file;
  }

  private static JsonNode optionalJson(Path file) {
    return Files.isRegularFile(file) ? readJson(file) : JSON.createObjectNode();
  }

  private static JsonNode readJson(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new ModelLoadException(file + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static void addIds(Set<Long> ids, JsonNode node, Path file, long limit) {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isArray()) {
      node.forEach(n -> ids.add(tokenId(n, file, "eos_token_id", limit)));
    } else {
      ids.add(tokenId(node, file, "eos_token_id", limit));
    }
  }

  private static String tokenText(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    return node.path("content").isTextual() ? node.get("content").asText() : null;
  }
}
