package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.GenerationException;
import java.util.Arrays;

/**
 * Computes a {@link ForkDistribution} on the decoder: one prefill of the prompt and the fork prefix at batch 1,
 * whose last logits score every tag's first token; tags of several tokens then feed their tokens in one row per
 * tag over the prompt's forked KV cache (one decode step per further token, all tags together). In-place exports
 * run the same passes over a {@link SharedKvCache}.
 */
final class ForkDistributionPass {
  private ForkDistributionPass() {}

  static ForkDistribution compute(DecoderSession decoder, ModelFolder folder, long[] prompt, TagSequences tags,
      RunStats.Recorder stats) {
    long[] context = tags.context(prompt);
    int p = context.length;
    if ((long) p + tags.maxLength() > folder.maxPositions()) {
      throw new GenerationException("the prompt has " + prompt.length + " tokens, which with the fork prefix and "
          + "the tags exceeds max_position_embeddings=" + folder.maxPositions() + " of "
          + folder.dir().resolve("config.json"));
    }
    if (decoder.inPlace) {
      return computeInPlace(decoder, folder, context, tags, stats);
    }
    int n = tags.count();
    double[] logProbs = new double[n];
    DecoderSession.Step step = ForkedGeneration.prefill(decoder, context, stats,
        io.github.ssft4j.spi.Cancellation.NONE);
    KvCache cache = null;
    try {
      firstTokenLogProbs(ForkedGeneration.lastRow(step, 0, stats), tags, logProbs);
      int width = tags.maxLength();
      if (width > 1) {
        cache = KvCache.of(step).selectRows(decoder, new int[n], stats);
        step.close();
        step = null;
        for (int j = 0; j + 1 < width; j++) {
          // Column j of every tag (a pad, masked, where a tag is shorter); its logits score token j + 1.
          long[] ids = column(tags, j, folder.padTokenId());
          long[] positions = new long[n];
          Arrays.fill(positions, p + j);
          long[] mask = new long[n * (p + j + 1)];
          Arrays.fill(mask, 1L);
          for (int i = 0; i < n; i++) {
            long[] t = tags.tags()[i];
            for (int c = 0; c <= j; c++) {
              if (c >= t.length) {
                mask[i * (p + j + 1) + p + c] = 0;
              }
            }
          }
          DecoderSession.Step next = decoder.run(ids, mask, positions, n, cache.tensors(), stats);
          cache.close();
          cache = KvCache.of(next);
          addNextTokenLogProbs(next, tags, j, logProbs);
        }
      }
    } finally {
      if (step != null) {
        step.close();
      }
      if (cache != null) {
        cache.close();
      }
    }
    return distribution(logProbs);
  }

  /**
   * {@link #compute} on an in-place export: the context into row 0, copied into one row per tag when some tag has
   * several tokens, then one step per further token (a shorter tag's row is fed pads whose logits are not read).
   */
  private static ForkDistribution computeInPlace(DecoderSession decoder, ModelFolder folder, long[] context,
      TagSequences tags, RunStats.Recorder stats) {
    int n = tags.count();
    int width = tags.maxLength();
    int p = context.length;
    double[] logProbs = new double[n];
    try (SharedKvCache cache = new SharedKvCache(decoder, n, p + width)) {
      cache.view(1);
      firstTokenLogProbs(ForkedGeneration.prefillInPlace(decoder, context, cache, stats,
          io.github.ssft4j.spi.Cancellation.NONE), tags, logProbs);
      if (width > 1) {
        for (int i = 1; i < n; i++) {
          stats.bytesCopied += cache.copyRow(0, i, p);
        }
        cache.view(n);
        for (int j = 0; j + 1 < width; j++) {
          long[] positions = new long[n];
          Arrays.fill(positions, p + j);
          try (DecoderSession.Step next = decoder.runInPlace(column(tags, j, folder.padTokenId()), positions, cache,
              stats)) {
            addNextTokenLogProbs(next, tags, j, logProbs);
          }
        }
      }
    }
    return distribution(logProbs);
  }

  /**
   * The distribution from the logits right after the fork prefix, when every tag is one token (the only case those
   * logits decide alone).
   *
   * @return the distribution, or null when some tag has more than one token
   */
  static ForkDistribution fromForkLogits(float[] logits, TagSequences tags) {
    if (tags.maxLength() != 1) {
      return null;
    }
    double[] logProbs = new double[tags.count()];
    firstTokenLogProbs(logits, tags, logProbs);
    return distribution(logProbs);
  }

  /** Rounding can push a sum of log-probabilities a hair above 0: clamp, then wrap. */
  private static ForkDistribution distribution(double[] logProbs) {
    for (int i = 0; i < logProbs.length; i++) {
      logProbs[i] = Math.min(0, logProbs[i]);
    }
    return ForkDistribution.ofLogProbs(logProbs);
  }

  /** @return token {@code j} of every tag, {@code pad} where a tag is shorter */
  private static long[] column(TagSequences tags, int j, long pad) {
    long[] ids = new long[tags.count()];
    for (int i = 0; i < ids.length; i++) {
      long[] t = tags.tags()[i];
      ids[i] = j < t.length ? t[j] : pad;
    }
    return ids;
  }

  /** Adds to {@code logProbs[i]} the log-probability of tag i's token {@code j + 1} under row i of the step. */
  private static void addNextTokenLogProbs(DecoderSession.Step step, TagSequences tags, int j, double[] logProbs) {
    int vocab = (int) step.logitsShape()[2];
    float[] row = new float[vocab];
    for (int i = 0; i < logProbs.length; i++) {
      long[] t = tags.tags()[i];
      if (j + 1 < t.length) {
        step.logits().get(i * vocab, row);
        logProbs[i] += row[(int) t[j + 1]] - logSumExp(row, 0, vocab);
      }
    }
  }

  /** {@code out[i]} = the log-probability of tag i's first token under {@code logits}. */
  private static void firstTokenLogProbs(float[] logits, TagSequences tags, double[] out) {
    double norm = logSumExp(logits, 0, logits.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[(int) tags.tags()[i][0]] - norm;
    }
  }

  /** {@code log sum exp} of {@code v[from..to)} in double precision. */
  static double logSumExp(float[] v, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, v[i]);
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(v[i] - max);
    }
    return max + Math.log(sum);
  }
}
