package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Robustness suite for model folders: every broken file (config, generation config, tokenizer, tokenizer config,
 * chat template, {@code ssft.json}, random, truncated or bit-flipped {@code model.onnx}) ends in a typed exception
 * naming the file (and the field where there is one), in bounded time, without crashing the JVM. Random cases
 * take their count from {@code -Dssft.fuzz.cases} (default 4 per kind; e.g. 200 for a long run).
 */
class ModelFolderRobustnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RANDOM_CASES = Integer.getInteger("ssft.fuzz.cases", 4);
  private static final long CASE_MILLIS = 20_000;

  /** A broken folder: how to break it, what the message must name, and whether loading may still succeed. */
  private record Case(String name, Mutation mutation, List<String> mentions, boolean mayLoad) {}

  private interface Mutation {
    void apply(Path dir) throws Exception;
  }

  private static Case typed(String name, Mutation m, String... mentions) {
    return new Case(name, m, List.of(mentions), false);
  }

  private static Mutation config(String file, Consumer<ObjectNode> edit) {
    return dir -> {
      ObjectNode node = (ObjectNode) JSON.readTree(dir.resolve(file).toFile());
      edit.accept(node);
      Files.writeString(dir.resolve(file), JSON.writeValueAsString(node));
    };
  }

  private static Mutation write(String file, String text) {
    return dir -> Files.writeString(dir.resolve(file), text);
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String field : List.of("hidden_size", "num_hidden_layers", "num_key_value_heads", "num_attention_heads",
        "max_position_embeddings")) {
      cases.add(typed("config without " + field, config("config.json", n -> n.remove(field)), "config.json", field));
    }
    cases.add(typed("positions as a string", config("config.json", n -> n.put("max_position_embeddings", "1024")),
        "config.json", "max_position_embeddings", "\"1024\""));
    cases.add(typed("positions 1e12", config("config.json", n -> n.put("max_position_embeddings", 1e12)),
        "config.json", "max_position_embeddings", "1.0E12"));
    cases.add(typed("positions 10^12", config("config.json", n -> n.put("max_position_embeddings", 1_000_000_000_000L)),
        "config.json", "max_position_embeddings", "1000000000000"));
    cases.add(typed("positions -5", config("config.json", n -> n.put("max_position_embeddings", -5)),
        "max_position_embeddings", "-5"));
    cases.add(typed("positions 1.5", config("config.json", n -> n.put("max_position_embeddings", 1.5)),
        "max_position_embeddings", "1.5"));
    cases.add(typed("layers disagree", config("config.json", n -> n.put("num_hidden_layers", 3)),
        "num_hidden_layers", "3"));
    cases.add(typed("kv heads disagree", config("config.json", n -> n.put("num_key_value_heads", 4)),
        "num_key_value_heads"));
    cases.add(typed("head dim disagrees", config("config.json", n -> n.put("hidden_size", 128)), "head_dim"));
    cases.add(typed("vocab disagrees", config("config.json", n -> n.put("vocab_size", 2048)), "vocab_size"));
    cases.add(typed("config is an array", write("config.json", "[1, 2]"), "config.json", "JSON object"));
    cases.add(typed("config cut", write("config.json", "{\"hidden_size\": 6"), "config.json"));
    cases.add(typed("eos beyond vocabulary", config("generation_config.json", n -> n.put("eos_token_id", 5000)),
        "generation_config.json", "eos_token_id", "5000"));
    cases.add(typed("eos as text", config("generation_config.json", n -> n.put("eos_token_id", "two")),
        "generation_config.json", "eos_token_id"));
    cases.add(typed("eos list with text", config("generation_config.json",
        n -> n.putArray("eos_token_id").add(2).add("x")), "eos_token_id"));
    cases.add(typed("negative eos", config("config.json", n -> n.put("eos_token_id", -1)), "config.json",
        "eos_token_id", "-1"));
    cases.add(typed("pad beyond vocabulary", config("generation_config.json", n -> n.put("pad_token_id", 99_999)),
        "generation_config.json", "pad_token_id", "99999"));
    cases.add(typed("more tags than the tokenizer", write("ssft.json", "{\"count\": 40}"), "ssft.json", "count",
        "<think7>"));
    cases.add(typed("count as a word", write("ssft.json", "{\"count\": \"ten\"}"), "ssft.json", "count", "ten"));
    cases.add(typed("count 0", write("ssft.json", "{\"count\": 0}"), "ssft.json", "count"));
    cases.add(typed("count 1e9", write("ssft.json", "{\"count\": 1000000000}"), "ssft.json", "count"));
    cases.add(typed("tag format a number", write("ssft.json", "{\"tag_format\": 5}"), "ssft.json", "tag_format"));
    cases.add(typed("tag format without {i}", write("ssft.json", "{\"tag_format\": \"<t>\"}"), "ssft.json",
        "tagFormat"));
    cases.add(typed("ssft.json cut", write("ssft.json", "{\"count\""), "ssft.json"));
    cases.add(typed("tokenizer {}", write("tokenizer.json", "{}"), "tokenizer.json", "model.vocab"));
    cases.add(typed("tokenizer []", write("tokenizer.json", "[]"), "tokenizer.json"));
    cases.add(typed("vocab id as text", dir -> Files.writeString(dir.resolve("tokenizer.json"),
        Files.readString(dir.resolve("tokenizer.json")).replaceFirst("\"vocab\"\\s*:\\s*\\{", "\"vocab\": {\"zzqq\": \"x\", ")),
        "tokenizer.json", "zzqq"));
    cases.add(typed("added token id 1e20", dir -> Files.writeString(dir.resolve("tokenizer.json"),
        Files.readString(dir.resolve("tokenizer.json")).replaceFirst("\"added_tokens\"\\s*:\\s*\\[",
            "\"added_tokens\": [{\"id\": 100000000000000000000, \"content\": \"q\"},")), "tokenizer.json", "added_tokens"));
    cases.add(typed("tokenizer config cut", write("tokenizer_config.json", "{\"eos_token\": "), "tokenizer_config.json"));
    cases.add(typed("template unclosed", write("chat_template.jinja", "{% for m in messages %}{{ m.content }}"),
        "chat_template"));
    cases.add(typed("template raises", write("chat_template.jinja", "{{ raise_exception('no chat here') }}"),
        "chat_template", "no chat here"));
    cases.add(typed("template output unbounded", write("chat_template.jinja",
        "{% for i in range(1000) %}{% for m in messages %}{{ m.content * 100000 }}{% endfor %}{% endfor %}"),
        "chat_template"));
    cases.add(typed("empty model", write("model.onnx", ""), "model.onnx"));
    for (int seed = 0; seed < RANDOM_CASES; seed++) {
      int s = seed;
      cases.add(typed("random model bytes #" + s, dir -> {
        byte[] bytes = new byte[1 + new SplittableRandom(s).nextInt(200_000)];
        new SplittableRandom(s * 7L + 1).nextBytes(bytes);
        Files.write(dir.resolve("model.onnx"), bytes);
      }, "model.onnx"));
      cases.add(new Case("truncated model #" + s, dir -> {
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Files.write(dir.resolve("model.onnx"),
            Arrays.copyOf(bytes, new SplittableRandom(100 + s).nextInt(bytes.length)));
      }, List.of("model.onnx"), true));
      cases.add(new Case("bit-flipped model #" + s, dir -> {
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        SplittableRandom r = new SplittableRandom(200 + s);
        for (int i = 0; i < 64; i++) {
          bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
        }
        Files.write(dir.resolve("model.onnx"), bytes);
      }, List.of(), true));
      cases.add(typed("truncated tokenizer #" + s, dir -> {
        byte[] bytes = Files.readAllBytes(dir.resolve("tokenizer.json"));
        Files.write(dir.resolve("tokenizer.json"),
            Arrays.copyOf(bytes, new SplittableRandom(300 + s).nextInt(bytes.length)));
      }, "tokenizer.json"));
      cases.add(typed("truncated config #" + s, dir -> {
        byte[] bytes = Files.readAllBytes(dir.resolve("config.json"));
        Files.write(dir.resolve("config.json"),
            Arrays.copyOf(bytes, new SplittableRandom(400 + s).nextInt(bytes.length - 2)));
      }, "config.json"));
    }
    return cases;
  }

  @Test
  void everyBrokenFolderFailsTypedNamingTheFileInBoundedTime(@TempDir Path tmp) throws Exception {
    Path pristine = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("pristine"));
    List<Case> cases = cases();
    List<String> problems = new ArrayList<>();
    long start = System.nanoTime();
    long slowest = 0;
    int loaded = 0;
    int i = 0;
    for (Case c : cases) {
      Path dir = Fixtures.copyOf(pristine, tmp.resolve("case-" + i++));
      c.mutation().apply(dir);
      long t0 = System.nanoTime();
      String outcome = run(dir, c);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      slowest = Math.max(slowest, millis);
      if (millis > CASE_MILLIS) {
        problems.add(c.name() + ": took " + millis + " ms");
      }
      if (outcome == null) {
        loaded++;
      } else if (!outcome.isEmpty()) {
        problems.add(c.name() + ": " + outcome);
      }
    }
    System.out.printf("[robustness] model folders: %d cases (%d still loadable), %.1f s, slowest %d ms%n",
        cases.size(), loaded, (System.nanoTime() - start) / 1e9, slowest);
    if (!problems.isEmpty()) {
      fail(problems.size() + " cases misbehaved:\n" + String.join("\n", problems));
    }
  }

  /** @return null when the folder loaded and generated, "" for a fitting typed error, else what went wrong */
  private static String run(Path dir, Case c) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      model.generate(new ForkRequest(Prompt.question(null, "What is 1+1?"), List.of(1, 2),
          GenerationOptions.DEFAULT.withMaxNewTokens(4)));
      return c.mayLoad() ? null : "loaded and generated without an error";
    } catch (SsftException e) {
      String message = String.valueOf(e.getMessage());
      for (String m : c.mentions()) {
        if (!message.contains(m)) {
          return "message does not name " + m + ": " + message;
        }
      }
      return "";
    } catch (RuntimeException | Error e) {
      return "untyped " + e;
    }
  }
}
