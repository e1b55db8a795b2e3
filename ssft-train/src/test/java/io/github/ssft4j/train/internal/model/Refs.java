package io.github.ssft4j.train.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The transformers references of one fixture folder. */
public record Refs(Path dir, JsonNode json, Map<String, FloatTensor> tensors) {
  /** qwen2-tiny from the repository copy, so it runs on a fresh clone. */
  public static Refs tiny() {
    return of(Fixtures.repositoryRoot().resolve("testdata/qwen2-tiny"));
  }

  /** qwen2-small from ../shared (skips when absent). */
  public static Refs small() {
    return of(Fixtures.model("qwen2-small"));
  }

  /** Loads a fixture folder's refs. */
  public static Refs of(Path dir) {
    try {
      return new Refs(dir, new ObjectMapper().readTree(dir.resolve("refs.json").toFile()),
          Safetensors.readAll(dir.resolve("refs.safetensors")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the HF checkpoint folder */
  public Path hf() {
    return dir.resolve("hf");
  }

  /** @return the int array of a JSON array node */
  public static long[] longs(JsonNode arr) {
    long[] out = new long[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asLong();
    }
    return out;
  }

  /** prompt ids followed by greedy ids, as the teacher-forced reference logits were computed. */
  public static long[] fullIds(JsonNode prompt) {
    long[] p = longs(prompt.get("prompt_ids"));
    long[] g = longs(prompt.get("greedy_new_ids"));
    long[] all = java.util.Arrays.copyOf(p, p.length + g.length);
    System.arraycopy(g, 0, all, p.length, g.length);
    return all;
  }
}
