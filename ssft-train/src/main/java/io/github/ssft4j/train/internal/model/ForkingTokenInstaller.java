package io.github.ssft4j.train.internal.model;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.train.internal.hf.FloatTensor;
import io.github.ssft4j.train.internal.hf.SpecialTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gives a base model that lacks them the forking tokens {@code <think1>}..{@code <thinkN>} (and {@code <|im_start|>}
 * when missing): special added tokens in the tokenizer, and embedding rows (and rows of an untied output head) for
 * them.
 *
 * <p>Initialisation of a new token's row, for the embedding and for an untied head separately: the mean of the
 * existing tokens' rows plus Gaussian noise whose per-dimension standard deviation is {@link #NOISE_SCALE} times
 * that of the existing rows. The mean keeps the new tokens' initial logits typical (neither dominant nor
 * negligible), the noise makes the tags distinguishable. The noise comes from {@code new java.util.Random(seed)},
 * drawn row by row in id order, embedding before head, so the result depends only on the seed. Rows of existing
 * tokens are untouched, so their ids and logits are unchanged; the vocabulary grows only when the new ids do not fit
 * in the embedding's existing (padding) rows.
 */
public final class ForkingTokenInstaller {
  /** Noise standard deviation relative to the existing rows' per-dimension standard deviation. */
  public static final double NOISE_SCALE = 0.1;

  private ForkingTokenInstaller() {}

  /**
   * The model with forking tokens, plus which tokens were added.
   *
   * @param model a new model (the caller closes it; the base stays open)
   * @param tokenIds every forking token's id (and {@code <|im_start|>}'s)
   * @param added the tokens that were missing and were added
   */
  public record Installed(Qwen2Model model, Map<String, Integer> tokenIds, Map<String, Integer> added) {}

  /**
   * Adds the forking tokens of {@code tokens} to {@code base}.
   *
   * @param seed seeds the initialisation noise
   * @throws ModelLoadException when the base has no tokenizer files
   */
  public static Installed install(Qwen2Model base, ForkingTokens tokens, long seed) {
    byte[] tokJson = file(base, "tokenizer.json", true);
    List<String> wanted = new ArrayList<>();
    wanted.add("<|im_start|>");
    wanted.addAll(tokens.tags());
    SpecialTokens.Result r = SpecialTokens.add(tokJson, wanted, "tokenizer.json of " + base.sourceDir());
    Map<String, byte[]> replaced = new HashMap<>(base.replacedFiles());
    replaced.put("tokenizer.json", r.tokenizerJson());
    byte[] tokCfg = file(base, "tokenizer_config.json", false);
    if (tokCfg != null && !r.added().isEmpty()) {
      replaced.put("tokenizer_config.json", SpecialTokens.updateConfig(tokCfg, r.added(), "tokenizer_config.json"));
    }
    Qwen2Config cfg = base.config();
    int oldVocab = cfg.vocabSize();
    int maxNew = r.added().values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    int newVocab = Math.max(oldVocab, maxNew + 1);
    int firstNew = r.added().values().stream().mapToInt(Integer::intValue).min().orElse(oldVocab);
    // Rows at or beyond the first new id are padding or new: statistics come from the rows before.
    int statsRows = Math.min(firstNew, oldVocab);
    Map<String, FloatTensor> tensors = base.tensors();
    Random rnd = new Random(seed);
    tensors.put("model.embed_tokens.weight", grow(tensors.get("model.embed_tokens.weight"), newVocab, statsRows,
        r.added().values(), rnd));
    if (!cfg.tieWordEmbeddings()) {
      tensors.put("lm_head.weight", grow(tensors.get("lm_head.weight"), newVocab, statsRows, r.added().values(), rnd));
    }
    Qwen2Model model = Qwen2Model.fromTensors(cfg.withVocabSize(newVocab), tensors, base.sourceDir(), replaced);
    return new Installed(model, r.ids(), r.added());
  }

  private static FloatTensor grow(FloatTensor w, int rows, int statsRows, Iterable<Integer> newIds, Random rnd) {
    long[] s = w.shape();
    int d = (int) s[1];
    float[] out = Arrays.copyOf(w.data(), Math.multiplyExact(rows, d));
    double[] mean = new double[d];
    double[] sq = new double[d];
    for (int i = 0; i < statsRows; i++) {
      for (int j = 0; j < d; j++) {
        double v = w.data()[i * d + j];
        mean[j] += v;
        sq[j] += v * v;
      }
    }
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] /= statsRows;
      std[j] = Math.sqrt(Math.max(0, sq[j] / statsRows - mean[j] * mean[j]));
    }
    List<Integer> ids = new ArrayList<>();
    newIds.forEach(ids::add);
    ids.sort(null);
    for (int id : ids) {
      for (int j = 0; j < d; j++) {
        out[id * d + j] = (float) (mean[j] + NOISE_SCALE * std[j] * rnd.nextGaussian());
      }
    }
    return new FloatTensor(new long[] {rows, d}, out);
  }

  private static byte[] file(Qwen2Model m, String name, boolean required) {
    byte[] replaced = m.replacedFiles().get(name);
    if (replaced != null) {
      return replaced;
    }
    Path p = m.sourceDir() == null ? null : m.sourceDir().resolve(name);
    if (p == null || !Files.exists(p)) {
      if (required) {
        throw new ModelLoadException("model has no " + name + " (source folder " + m.sourceDir() + ")");
      }
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
