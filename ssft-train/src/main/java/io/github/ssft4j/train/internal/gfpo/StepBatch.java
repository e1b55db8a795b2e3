package io.github.ssft4j.train.internal.gfpo;

import java.util.List;

/**
 * What one GFPO/GRPO step rolled out, everything its loss needs.
 *
 * @param prompts {@code B} prompt ids (chat template applied, no fork prefix)
 * @param tags {@code [B][G]} 0-based tag of each branch
 * @param advantages {@code [B][G]}
 * @param branchPrefixes {@code [N]} ids of each tag's whole branch prefix ({@code <|im_start|><thinkI>\n})
 * @param completions {@code [B][G]} generated ids of each branch (used by the full scope)
 */
record StepBatch(List<long[]> prompts, int[][] tags, double[][] advantages, long[][] branchPrefixes,
    long[][][] completions) {

  int questions() {
    return prompts.size();
  }

  int group() {
    return tags[0].length;
  }

  /** Flattened {@code [B * G]} values of a {@code [B][G]} table, row-major. */
  static float[] flat(double[][] v) {
    int g = v[0].length;
    float[] out = new float[v.length * g];
    for (int q = 0; q < v.length; q++) {
      for (int j = 0; j < g; j++) {
        out[q * g + j] = (float) v[q][j];
      }
    }
    return out;
  }
}
