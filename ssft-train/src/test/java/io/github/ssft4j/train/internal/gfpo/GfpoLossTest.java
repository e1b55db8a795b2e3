package io.github.ssft4j.train.internal.gfpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.TagSequences;
import io.github.ssft4j.testkit.Fixtures;
import io.github.ssft4j.train.internal.model.ForkScorer;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GFPO loss on qwen2-tiny with real rollouts: with {@code scope=fork} only what influences the fork logits gets
 * gradient (exactly zero elsewhere), autograd agrees with finite differences, and {@code scope=full} reaches the
 * completion tokens.
 */
class GfpoLossTest {
  @TempDir static Path tmp;
  static Qwen2Model model;
  static ForkScorer scorer;
  static StepBatch batch;

  @BeforeAll
  static void rollOut() {
    Path hf = Fixtures.model("qwen2-tiny").resolve("hf");
    model = Qwen2Model.load(hf);
    model.parameters().values().forEach(p -> p.setRequiresGradient(true));
    try (OrtRollouts rollouts = new OrtRollouts(tmp.resolve("rollout"), RuntimeOptions.DEFAULT)) {
      rollouts.refresh(model);
      var ort = rollouts.model();
      TagSequences tags = ort.tagSequences();
      scorer = new ForkScorer(model, tags);
      long[][] prefixes = new long[tags.count()][];
      for (int i = 0; i < tags.count(); i++) {
        prefixes[i] = ort.tokenizer().encode(ort.forkingTokens().prefix(i + 1));
      }
      List<long[]> prompts = new ArrayList<>();
      int[][] chosen = {{0, 2, 4}, {1, 1, 5}};
      long[][][] completions = new long[2][3][];
      String[] questions = {"What is 12+35?", "What is 7+8?"};
      for (int q = 0; q < 2; q++) {
        Prompt prompt = Prompt.question(null, questions[q]);
        prompts.add(ort.promptIds(prompt));
        List<Integer> branchTags = List.of(chosen[q][0] + 1, chosen[q][1] + 1, chosen[q][2] + 1);
        List<Trace> traces = rollouts.rollout(prompt, branchTags,
            GenerationOptions.DEFAULT.withTemperature(1).withMaxNewTokens(16).withSeed(q));
        for (int j = 0; j < 3; j++) {
          completions[q][j] = traces.get(j).tokenIds().stream().mapToLong(Integer::longValue).toArray();
        }
      }
      double[][] advantages = {{1.1, -0.3, -0.8}, {-1.0, 0.5, 0.5}};
      batch = new StepBatch(prompts, chosen, advantages, prefixes, completions);
    }
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static GfpoConfig config(GfpoConfig.Scope scope) {
    return GfpoConfig.builder().scope(scope).rollout(GenerationOptions.DEFAULT.withMaxNewTokens(16)).build();
  }

  /** Gradients of every parameter after one backward of the loss. */
  static Map<String, float[]> gradients(GfpoConfig config, GfpoLoss.Old old, float[] lossOut) {
    model.zeroGradients();
    Map<String, float[]> out = new LinkedHashMap<>();
    try (NDManager m = model.manager().newSubManager();
        GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
      GfpoLoss.Result r = new GfpoLoss(model, scorer, config).loss(m, batch, old, null);
      gc.backward(r.loss());
      lossOut[0] = r.loss().getFloat();
      for (var e : model.parameters().entrySet()) {
        NDArray g = e.getValue().getGradient();
        g.attach(m);
        out.put(e.getKey(), g.toFloatArray());
      }
    }
    return out;
  }

  static Set<Long> contextTokens() {
    Set<Long> seen = new HashSet<>();
    for (long[] p : batch.prompts()) {
      for (long id : scorer.tags().context(p)) {
        seen.add(id);
      }
    }
    return seen;
  }

  @Test
  void forkScopeGivesExactlyZeroGradientToWhatCannotMoveTheForkLogits() {
    Map<String, float[]> g = gradients(config(GfpoConfig.Scope.FORK), null, new float[1]);
    Set<Long> context = contextTokens();
    int hidden = model.config().hiddenSize();
    float[] embed = g.get("model.embed_tokens.weight");
    int zeroRows = 0;
    Set<Long> completionOnly = new HashSet<>();
    for (long[][] row : batch.completions()) {
      for (long[] c : row) {
        for (long id : c) {
          if (!context.contains(id)) {
            completionOnly.add(id);
          }
        }
      }
    }
    for (int id = 0; id < model.config().vocabSize(); id++) {
      if (!context.contains((long) id)) {
        for (int k = 0; k < hidden; k++) {
          assertEquals(0f, embed[id * hidden + k], "embedding row " + id + " is not in any fork context");
        }
        zeroRows++;
      }
    }
    // The tags' own embeddings come after the fork: they cannot change its logits.
    for (long[] tag : scorer.tags().tags()) {
      assertTrue(!context.contains(tag[0]));
    }
    assertTrue(zeroRows > 0 && !completionOnly.isEmpty());
    // Everything on the path to the fork logits does get gradient.
    for (String name : List.of("lm_head.weight", "model.norm.weight", "model.layers.0.self_attn.q_proj.weight",
        "model.layers.1.mlp.down_proj.weight")) {
      assertTrue(maxAbs(g.get(name)) > 0, name + " should get gradient");
    }

    // With scope=full the completion tokens are inputs too: their embedding rows now get gradient.
    Map<String, float[]> full = gradients(config(GfpoConfig.Scope.FULL), null, new float[1]);
    float[] fullEmbed = full.get("model.embed_tokens.weight");
    boolean moved = false;
    for (long id : completionOnly) {
      for (int k = 0; k < hidden; k++) {
        moved |= fullEmbed[(int) id * hidden + k] != 0f;
      }
    }
    assertTrue(moved, "scope=full must reach the embeddings of completion-only tokens " + completionOnly);
  }

  @Test
  void forkLossMatchesFiniteDifferences() {
    GfpoConfig config = GfpoConfig.builder().klCoefficient(0.3).build();
    // Freeze old log-probabilities (and the reference) at the current weights, so the loss is a plain function.
    GfpoLoss.Old old;
    GfpoLoss.Reference reference = GfpoLoss.reference(model, scorer, batch, GfpoConfig.DEFAULT);
    try (NDManager m = model.manager().newSubManager()) {
      old = new GfpoLoss(model, scorer, config).loss(m, batch, null, reference).old();
    }
    float[] loss0 = new float[1];
    model.zeroGradients();
    Map<String, float[]> g = new LinkedHashMap<>();
    try (NDManager m = model.manager().newSubManager();
        GradientCollector gc = model.manager().getEngine().newGradientCollector()) {
      GfpoLoss.Result r = new GfpoLoss(model, scorer, config).loss(m, batch, old, shifted(reference));
      gc.backward(r.loss());
      loss0[0] = r.loss().getFloat();
      for (var e : model.parameters().entrySet()) {
        NDArray grad = e.getValue().getGradient();
        grad.attach(m);
        g.put(e.getKey(), grad.toFloatArray());
      }
    }
    double h = 1e-2;
    for (String name : List.of("lm_head.weight", "model.norm.weight", "model.layers.1.self_attn.v_proj.bias",
        "model.layers.0.mlp.up_proj.weight")) {
      float[] grad = g.get(name);
      int at = 0;
      for (int i = 1; i < grad.length; i++) {
        if (Math.abs(grad[i]) > Math.abs(grad[at])) {
          at = i;
        }
      }
      NDArray p = model.parameters().get(name);
      float[] orig = p.toFloatArray();
      float[] v = orig.clone();
      v[at] = (float) (orig[at] + h);
      p.set(v);
      double up = value(config, old, shifted(reference));
      v[at] = (float) (orig[at] - h);
      p.set(v);
      double down = value(config, old, shifted(reference));
      p.set(orig);
      double fd = (up - down) / (2 * h);
      System.out.printf("[gfpo] d loss / d %s[%d]: autograd %.6f, finite difference %.6f%n", name, at, grad[at], fd);
      assertTrue(Math.abs(grad[at]) > 1e-4, name + " gradient too small to test: " + grad[at]);
      assertTrue(Math.abs(fd - grad[at]) <= 0.02 * Math.abs(grad[at]) + 1e-4,
          name + "[" + at + "]: autograd " + grad[at] + " vs finite difference " + fd);
    }
  }

  @Test
  void traceKlIsZeroAtTheStartingModelAndAddsTheCompletionTokensKlOtherwise() {
    GfpoConfig plain = GfpoConfig.builder().build();
    GfpoConfig anchored = GfpoConfig.builder().traceKlCoefficient(0.5).build();
    GfpoLoss.Reference self = GfpoLoss.reference(model, scorer, batch, anchored);
    double base = value(plain, null, null);
    assertEquals(base, value(anchored, null, self), 1e-5, "k3 is 0 where the model is the reference");
    // every completion token's reference log-probability d above the model's: k3 = e^d - d - 1 on each
    float d = 0.2f;
    float[] tokens = self.tokens().clone();
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] += d;
    }
    double expected = base + 0.5 * (Math.exp(d) - d - 1);
    assertEquals(expected, value(anchored, null, new GfpoLoss.Reference(self.fork(), tokens)), 1e-4);
  }

  /** A reference a little away from the current policy, so the KL term has a gradient. */
  private static GfpoLoss.Reference shifted(GfpoLoss.Reference r) {
    float[] f = r.fork().clone();
    int n = scorer.tags().count();
    for (int q = 0; q < f.length / n; q++) {
      double z = 0;
      for (int i = 0; i < n; i++) {
        f[q * n + i] += 0.3f * (i % 3 - 1);
        z += Math.exp(f[q * n + i]);
      }
      for (int i = 0; i < n; i++) {
        f[q * n + i] -= (float) Math.log(z);
      }
    }
    return new GfpoLoss.Reference(f, null);
  }

  private static double value(GfpoConfig config, GfpoLoss.Old old, GfpoLoss.Reference reference) {
    try (NDManager m = model.manager().newSubManager()) {
      return new GfpoLoss(model, scorer, config).loss(m, batch, old, reference).loss().getFloat();
    }
  }

  private static double maxAbs(float[] v) {
    double max = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
