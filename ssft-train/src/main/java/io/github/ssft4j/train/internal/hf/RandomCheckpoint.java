package io.github.ssft4j.train.internal.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Hugging Face Qwen2 checkpoint of a real model's shape with random weights, for benchmarks: decoding speed depends
 * on the shapes, not on the values. Written with {@link Safetensors} one shard per layer (so memory stays near one
 * layer, the embedding table aside) plus {@code model.safetensors.index.json} and {@code config.json}; the tokenizer
 * files come from elsewhere (the model's vocabulary may be larger than the tokenizer's, as real Qwen2 models pad it).
 *
 * <pre>{@code
 * RandomCheckpoint.Shape shape = RandomCheckpoint.shape("qwen2.5-0.5b");
 * RandomCheckpoint.write(shape, dir, 0L);
 * }</pre>
 */
public final class RandomCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Standard deviation of the weights (Qwen2's {@code initializer_range}). */
  private static final float STD = 0.02f;

  private RandomCheckpoint() {}

  /**
   * The architecture numbers of one model.
   *
   * @param name the preset's name
   * @param hidden {@code hidden_size}
   * @param layers {@code num_hidden_layers}
   * @param heads {@code num_attention_heads}
   * @param kvHeads {@code num_key_value_heads}
   * @param intermediate {@code intermediate_size}
   * @param vocab {@code vocab_size}
   * @param tied {@code tie_word_embeddings}
   * @param ropeTheta the rotary base
   * @param maxPositions {@code max_position_embeddings}
   */
  public record Shape(String name, int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab,
      boolean tied, double ropeTheta, int maxPositions) {
    /** @return weights in bytes at float32 */
    public long f32Bytes() {
      long hd = hidden / heads;
      long attn = (long) hidden * heads * hd * 2 + 2L * hidden * kvHeads * hd + (heads + 2L * kvHeads) * hd;
      long mlp = 3L * hidden * intermediate;
      long perLayer = attn + mlp + 2L * hidden;
      return 4 * (perLayer * layers + (long) vocab * hidden * (tied ? 1 : 2) + hidden);
    }
  }

  /** The named shapes (from the models' published {@code config.json}). */
  public static final List<Shape> SHAPES = List.of(
      new Shape("qwen2.5-0.5b", 896, 24, 14, 2, 4864, 151_936, true, 1_000_000, 32_768),
      new Shape("qwen2.5-1.5b", 1536, 28, 12, 2, 8960, 151_936, true, 1_000_000, 32_768));

  /**
   * @return the shape called {@code name}
   * @throws InvalidArgumentException naming the known shapes when there is none
   */
  public static Shape shape(String name) {
    for (Shape s : SHAPES) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new InvalidArgumentException("unknown model shape '" + name + "'; known: "
        + SHAPES.stream().map(Shape::name).toList());
  }

  /**
   * Writes {@code config.json} and the weights (normal with standard deviation 0.02, RMS-norm weights 1, q/k/v biases
   * 0, as Qwen2 initialises) into {@code dir}; every file atomic.
   *
   * @throws TrainingException when writing fails
   */
  public static void write(Shape shape, Path dir, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long hd = shape.hidden() / shape.heads();
    long d = shape.hidden();
    long qd = shape.heads() * hd;
    long kvd = shape.kvHeads() * hd;
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", shape.f32Bytes());
    ObjectNode weightMap = index.putObject("weight_map");
    int shards = shape.layers() + 1;
    Map<String, String> md = Map.of("format", "pt");
    Map<String, FloatTensor> first = new LinkedHashMap<>();
    first.put("model.embed_tokens.weight", normal(random, shape.vocab(), d));
    first.put("model.norm.weight", ones(d));
    if (!shape.tied()) {
      first.put("lm_head.weight", normal(random, shape.vocab(), d));
    }
    writeShard(dir, 0, shards, first, md, weightMap);
    for (int i = 0; i < shape.layers(); i++) {
      String p = "model.layers." + i + ".";
      Map<String, FloatTensor> t = new LinkedHashMap<>();
      t.put(p + "input_layernorm.weight", ones(d));
      t.put(p + "self_attn.q_proj.weight", normal(random, qd, d));
      t.put(p + "self_attn.q_proj.bias", zeros(qd));
      t.put(p + "self_attn.k_proj.weight", normal(random, kvd, d));
      t.put(p + "self_attn.k_proj.bias", zeros(kvd));
      t.put(p + "self_attn.v_proj.weight", normal(random, kvd, d));
      t.put(p + "self_attn.v_proj.bias", zeros(kvd));
      t.put(p + "self_attn.o_proj.weight", normal(random, d, qd));
      t.put(p + "post_attention_layernorm.weight", ones(d));
      t.put(p + "mlp.gate_proj.weight", normal(random, shape.intermediate(), d));
      t.put(p + "mlp.up_proj.weight", normal(random, shape.intermediate(), d));
      t.put(p + "mlp.down_proj.weight", normal(random, d, shape.intermediate()));
      writeShard(dir, i + 1, shards, t, md, weightMap);
    }
    try {
      AtomicFiles.write(dir.resolve(HfCheckpoint.INDEX), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(index));
      AtomicFiles.write(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(config(shape)));
    } catch (IOException e) {
      throw new TrainingException("cannot write the checkpoint index into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void writeShard(Path dir, int i, int n, Map<String, FloatTensor> tensors, Map<String, String> md,
      ObjectNode weightMap) {
    String name = String.format("model-%05d-of-%05d.safetensors", i + 1, n);
    Safetensors.write(dir.resolve(name), tensors, md);
    tensors.keySet().forEach(k -> weightMap.put(k, name));
  }

  private static ObjectNode config(Shape s) {
    ObjectNode c = JSON.createObjectNode();
    c.putArray("architectures").add("Qwen2ForCausalLM");
    c.put("model_type", "qwen2");
    c.put("hidden_act", "silu");
    c.put("hidden_size", s.hidden());
    c.put("intermediate_size", s.intermediate());
    c.put("num_hidden_layers", s.layers());
    c.put("num_attention_heads", s.heads());
    c.put("num_key_value_heads", s.kvHeads());
    c.put("max_position_embeddings", s.maxPositions());
    c.put("rms_norm_eps", 1e-6);
    c.put("rope_theta", s.ropeTheta());
    c.put("tie_word_embeddings", s.tied());
    c.put("use_sliding_window", false);
    c.put("vocab_size", s.vocab());
    c.put("torch_dtype", "float32");
    c.put("ssft4j_random_weights", s.name());
    return c;
  }

  private static FloatTensor normal(SplittableRandom random, long rows, long cols) {
    float[] v = new float[Math.toIntExact(rows * cols)];
    // Box-Muller, two values per pair of uniforms.
    for (int i = 0; i < v.length; i += 2) {
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      double r = Math.sqrt(-2 * Math.log(u1)) * STD;
      v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < v.length) {
        v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return new FloatTensor(new long[] {rows, cols}, v);
  }

  private static FloatTensor ones(long n) {
    float[] v = new float[Math.toIntExact(n)];
    java.util.Arrays.fill(v, 1f);
    return new FloatTensor(new long[] {n}, v);
  }

  private static FloatTensor zeros(long n) {
    return new FloatTensor(new long[] {n}, new float[Math.toIntExact(n)]);
  }
}
