package io.github.ssft4j.research.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.train.internal.model.Qwen2Model;
import io.github.ssft4j.train.internal.onnx.Qwen2OnnxExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Why GFPO rolls out on ONNX Runtime: the time of one group of {@code G} greedy branches of {@code T} new tokens
 * decoded by re-exporting the current weights and forking a KV cache on ONNX Runtime, against decoding them in DJL
 * (whose Qwen2 forward has no KV cache, so every new token runs the whole sequence again). Medians over rounds in
 * one process, so the two share the machine's load.
 */
public final class RolloutBench {
  private RolloutBench() {}

  /**
   * @param checkpoint a Hugging Face checkpoint
   * @param scratch a folder for the export
   * @param group branches {@code G}
   * @param tokens new tokens per branch
   * @param rounds alternating rounds
   * @return a one-line summary
   */
  public static String run(Path checkpoint, Path scratch, int group, int tokens, int rounds) throws Exception {
    Files.createDirectories(scratch);
    List<Double> ortMs = new ArrayList<>();
    List<Double> exportMs = new ArrayList<>();
    List<Double> djlMs = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    Prompt prompt = Prompt.question(null, "What is 83-47?");
    GenerationOptions greedy = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(tokens);
    List<Integer> tags = new ArrayList<>();
    for (int b = 0; b < group; b++) {
      tags.add(b % 6 + 1);
    }
    try (Qwen2Model model = Qwen2Model.load(checkpoint)) {
      for (int r = 0; r < rounds; r++) {
        long e0 = System.nanoTime();
        Qwen2OnnxExporter.export(model, scratch, ExportOptions.DEFAULT);
        long[][] branchIds;
        int generated;
        try (OnnxModel ort = new OnnxRuntimeBackend().open(scratch, RuntimeOptions.DEFAULT)) {
          long e1 = System.nanoTime();
          // DJL then decodes as many tokens as the longest branch did (rows finish at their end of sequence here).
          generated = ort.fork(new ForkRequest(prompt, tags, greedy)).traces().stream()
              .mapToInt(t -> t.tokenIds().size()).max().orElse(tokens);
          long e2 = System.nanoTime();
          exportMs.add((e1 - e0) / 1e6);
          ortMs.add((e2 - e1) / 1e6);
          long[] p = ort.promptIds(prompt);
          branchIds = new long[group][];
          for (int b = 0; b < group; b++) {
            long[] prefix = ort.tokenizer().encode(ort.forkingTokens().prefix(tags.get(b)));
            branchIds[b] = concat(p, prefix);
          }
        }
        long d0 = System.nanoTime();
        djlGreedy(model, branchIds, generated);
        lengths.add(generated);
        djlMs.add((System.nanoTime() - d0) / 1e6);
      }
    }
    double ort = median(ortMs);
    double export = median(exportMs);
    double djl = median(djlMs);
    return String.format(Locale.ROOT, "G=%d branches, up to %d new tokens (longest branch %d): ONNX Runtime re-export %.0f ms + forked "
        + "decode %.0f ms = %.0f ms; DJL decode without KV cache %.0f ms; DJL / ONNX Runtime = %.1f (medians of %d "
        + "alternating rounds)", group, tokens, lengths.get(0), export, ort, export + ort, djl, djl / (export + ort), rounds);
  }

  /** Greedy decoding of every row for exactly {@code tokens} steps, a full forward per step (no KV cache). */
  static void djlGreedy(Qwen2Model model, long[][] rows, int tokens) {
    int b = rows.length;
    long[][] seq = Arrays.stream(rows).map(long[]::clone).toArray(long[][]::new);
    for (int step = 0; step < tokens; step++) {
      int t = Arrays.stream(seq).mapToInt(r -> r.length).max().orElse(0);
      long[] ids = new long[b * t];
      long[] pos = new long[b * t];
      int[] last = new int[b];
      for (int i = 0; i < b; i++) {
        // Right-aligned rows would need masks; equal-length prefixes keep rows aligned in this bench.
        for (int k = 0; k < t; k++) {
          ids[i * t + k] = k < seq[i].length ? seq[i][k] : 0;
          pos[i * t + k] = k;
        }
        last[i] = seq[i].length - 1;
      }
      try (NDManager m = model.manager().newSubManager()) {
        NDArray logits = model.forward(m.create(ids, new Shape(b, t)), m.create(pos, new Shape(b, t)), null);
        int vocab = (int) logits.getShape().get(2);
        float[] all = logits.toFloatArray();
        for (int i = 0; i < b; i++) {
          int base = (i * t + last[i]) * vocab;
          int best = 0;
          for (int v = 1; v < vocab; v++) {
            if (all[base + v] > all[base + best]) {
              best = v;
            }
          }
          seq[i] = concat(seq[i], new long[] {best});
        }
      }
    }
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  /** @param args checkpoint, scratch folder, G, tokens, rounds */
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.out.println(run(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
        Integer.parseInt(args[4])));
  }
}
