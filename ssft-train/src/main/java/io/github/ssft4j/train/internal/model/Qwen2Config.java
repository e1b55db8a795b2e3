package io.github.ssft4j.train.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Qwen2 architecture settings of a Hugging Face {@code config.json}.
 *
 * <p>{@code rope_theta} is read from {@code rope_parameters.rope_theta} (transformers 5) or the older top-level
 * {@code rope_theta}; only the default RoPE type is supported. {@code head_dim} defaults to
 * {@code hidden_size / num_attention_heads}.
 *
 * @param vocabSize rows of the embedding (and the output head)
 * @param hiddenSize model width
 * @param intermediateSize SwiGLU inner width
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (GQA when fewer than query heads, MQA when 1)
 * @param headDim width of one head
 * @param rmsNormEps RMSNorm epsilon
 * @param ropeTheta RoPE base
 * @param tieWordEmbeddings whether the output head is the embedding matrix (no {@code lm_head.weight})
 * @param raw the whole {@code config.json}, kept so {@link #toJson()} preserves fields this record does not model
 */
public record Qwen2Config(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    boolean tieWordEmbeddings,
    ObjectNode raw) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates the head layout and copies {@code raw}. */
  public Qwen2Config {
    raw = raw.deepCopy();
    if (numAttentionHeads <= 0 || numKeyValueHeads <= 0 || numAttentionHeads % numKeyValueHeads != 0) {
      throw new ModelLoadException("config.json: num_attention_heads " + numAttentionHeads
          + " is not a positive multiple of num_key_value_heads " + numKeyValueHeads);
    }
    if (headDim <= 0 || headDim % 2 != 0) {
      throw new ModelLoadException("config.json: head_dim " + headDim + " must be positive and even for RoPE");
    }
  }

  /** @return a copy of the raw JSON */
  @Override
  public ObjectNode raw() {
    return raw.deepCopy();
  }

  /**
   * Parses {@code config.json}.
   *
   * @throws ModelLoadException naming the file and field when it is missing, unreadable or unsupported
   */
  public static Qwen2Config fromJson(Path configJson) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(configJson));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + configJson + ": " + e.getMessage(), e);
    }
    if (!(root instanceof ObjectNode obj)) {
      throw new ModelLoadException(configJson + ": not a JSON object");
    }
    String type = obj.path("model_type").asText("qwen2");
    if (!type.equals("qwen2")) {
      throw new ModelLoadException(configJson + ": model_type '" + type + "' is not qwen2");
    }
    int hidden = requireInt(obj, "hidden_size", configJson);
    int heads = requireInt(obj, "num_attention_heads", configJson);
    int kv = obj.has("num_key_value_heads") && !obj.get("num_key_value_heads").isNull()
        ? requireInt(obj, "num_key_value_heads", configJson) : heads;
    if (heads % kv != 0) {
      throw new ModelLoadException(configJson + ": num_attention_heads " + heads + " is not a multiple of "
          + "num_key_value_heads " + kv);
    }
    if (!(obj.has("head_dim") && !obj.get("head_dim").isNull()) && hidden % heads != 0) {
      throw new ModelLoadException(configJson + ": hidden_size " + hidden + " is not a multiple of "
          + "num_attention_heads " + heads + " (and no head_dim is given)");
    }
    int headDim = obj.has("head_dim") && !obj.get("head_dim").isNull()
        ? requireInt(obj, "head_dim", configJson) : hidden / heads;
    double theta = 10000.0;
    JsonNode rp = obj.get("rope_parameters");
    if (rp == null || rp.isNull()) {
      rp = obj.get("rope_scaling");
    }
    if (rp != null && rp.isObject()) {
      String rt = rp.path("rope_type").asText(rp.path("type").asText("default"));
      if (!rt.equals("default")) {
        throw new ModelLoadException(configJson + ": rope type '" + rt + "' is not supported (only 'default')");
      }
      if (rp.has("rope_theta")) {
        theta = rp.get("rope_theta").asDouble();
      }
    }
    if (obj.has("rope_theta") && !obj.get("rope_theta").isNull()) {
      theta = obj.get("rope_theta").asDouble();
    }
    if (obj.path("use_sliding_window").asBoolean(false)) {
      throw new ModelLoadException(configJson + ": use_sliding_window=true is not supported");
    }
    String act = obj.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw new ModelLoadException(configJson + ": hidden_act '" + act + "' is not supported (only silu)");
    }
    return new Qwen2Config(
        requireInt(obj, "vocab_size", configJson),
        hidden,
        requireInt(obj, "intermediate_size", configJson),
        requireInt(obj, "num_hidden_layers", configJson),
        heads,
        kv,
        headDim,
        obj.path("rms_norm_eps").asDouble(1e-6),
        theta,
        obj.path("tie_word_embeddings").asBoolean(false),
        obj);
  }

  private static int requireInt(JsonNode obj, String field, Path file) {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      throw new ModelLoadException(file + ": missing field '" + field + "'");
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw new ModelLoadException(file + ": field '" + field + "' must be an integer in 1.." + Integer.MAX_VALUE
          + ", got " + n);
    }
    return n.asInt();
  }

  /** @return a copy with another vocabulary size (after adding tokens) */
  public Qwen2Config withVocabSize(int newVocabSize) {
    return new Qwen2Config(newVocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
        numKeyValueHeads, headDim, rmsNormEps, ropeTheta, tieWordEmbeddings, raw);
  }

  /**
   * @return {@code config.json} content: the raw JSON with this record's fields written back, and {@code dtype} /
   *     {@code torch_dtype} set to {@code float32} (the dtype weights are saved in)
   */
  public ObjectNode toJson() {
    ObjectNode o = raw.deepCopy();
    o.put("vocab_size", vocabSize);
    o.put("hidden_size", hiddenSize);
    o.put("intermediate_size", intermediateSize);
    o.put("num_hidden_layers", numHiddenLayers);
    o.put("num_attention_heads", numAttentionHeads);
    o.put("num_key_value_heads", numKeyValueHeads);
    o.put("rms_norm_eps", rmsNormEps);
    o.put("tie_word_embeddings", tieWordEmbeddings);
    // Weights are saved as float32 whatever the source checkpoint held (F16, BF16).
    for (String f : new String[] {"dtype", "torch_dtype"}) {
      if (o.has(f)) {
        o.put(f, "float32");
      }
    }
    return o;
  }
}
