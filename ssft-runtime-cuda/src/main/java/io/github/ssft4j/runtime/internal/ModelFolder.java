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
 * @param maxPositions {@code max_position_embeddings}, or {@link Integer#MAX_VALUE} when absent
 * @param eosTokens the {@code eos_token_id}s of {@code generation_config.json} and {@code config.json}, plus the
 *     id of the tokenizer's {@code eos_token}
 * @param padTokenId the pad id used to fill left-padded prefix slots
 * @param forkingTokens from {@code ssft.json}, else {@link ForkingTokens#DEFAULT}
 * @param tagPolicy the tag schedule {@code ssft.json} declares, if any
 * @param kvHeadsHint {@code num_key_value_heads}, or -1; used when the ONNX shape is symbolic
 * @param headDimHint {@code head_dim} (or hidden size over heads), or -1
 * @param vocabHint {@code vocab_size}, or -1
 */
record ModelFolder(Path dir, Path model, int maxPositions, Set<Long> eosTokens, long padTokenId,
    ForkingTokens forkingTokens, Optional<TagSchedule> tagPolicy, int kvHeadsHint, int headDimHint, int vocabHint) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ModelFolder read(Path dir, ModelTokenizer tokenizer) {
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist or is not a directory");
    }
    Path model = require(dir.resolve("model.onnx"));
    JsonNode config = readJson(require(dir.resolve("config.json")));
    JsonNode generation = optionalJson(dir.resolve("generation_config.json"));
    JsonNode tokenizerConfig = optionalJson(dir.resolve("tokenizer_config.json"));

    Set<Long> eos = new LinkedHashSet<>();
    addIds(eos, generation.get("eos_token_id"));
    addIds(eos, config.get("eos_token_id"));
    String eosText = tokenText(tokenizerConfig.get("eos_token"));
    if (eosText != null) {
      tokenizer.tokenId(eosText).ifPresent(eos::add);
    }
    long pad = -1;
    if (generation.path("pad_token_id").isIntegralNumber()) {
      pad = generation.get("pad_token_id").asLong();
    } else if (config.path("pad_token_id").isIntegralNumber()) {
      pad = config.get("pad_token_id").asLong();
    } else {
      String padText = tokenText(tokenizerConfig.get("pad_token"));
      if (padText != null) {
        pad = tokenizer.tokenId(padText).orElse(-1);
      }
    }
    if (pad < 0) {
      pad = eos.isEmpty() ? 0 : eos.iterator().next();
    }
    int maxPositions = config.path("max_position_embeddings").isIntegralNumber()
        ? config.get("max_position_embeddings").asInt() : Integer.MAX_VALUE;
    if (maxPositions <= 0) {
      throw new ModelLoadException(dir.resolve("config.json") + ": max_position_embeddings must be > 0, got "
          + maxPositions);
    }
    int heads = config.path("num_attention_heads").asInt(-1);
    int kvHeads = config.path("num_key_value_heads").asInt(heads);
    int headDim = config.path("head_dim").asInt(
        heads > 0 && config.path("hidden_size").isIntegralNumber() ? config.get("hidden_size").asInt() / heads : -1);
    SsftSettings settings = SsftSettings.read(dir);
    return new ModelFolder(dir, model, maxPositions, Set.copyOf(eos), pad, settings.forkingTokens(),
        settings.tagPolicy(), kvHeads, headDim, config.path("vocab_size").asInt(-1));
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

  private static void addIds(Set<Long> ids, JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isIntegralNumber()) {
      ids.add(node.asLong());
    } else if (node.isArray()) {
      node.forEach(n -> ids.add(n.asLong()));
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
