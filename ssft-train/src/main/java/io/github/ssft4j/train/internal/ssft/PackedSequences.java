package io.github.ssft4j.train.internal.ssft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs many short segments into few rows for one forward pass: each segment attends causally to itself only
 * (a block-diagonal causal mask) and its positions restart at 0, so a causal decoder computes for every segment
 * exactly what it would compute for that segment alone. A row may also start with a shared prefix that every
 * later segment of the row attends to, with positions continuing after it; that computes what the decoder would
 * for {@code prefix + segment} alone, without repeating the prefix.
 *
 * <p>Rows are right-padded with token 0 to the longest row; a padding token attends to itself only.
 */
public final class PackedSequences {
  /** The additive bias of a masked pair: large and finite, so a fully masked row cannot produce NaN. */
  public static final float MASKED = -1e9f;

  /**
   * Where one segment's tokens sit.
   *
   * @param row the row
   * @param start first index
   * @param length tokens
   */
  public record Span(int row, int start, int length) {}

  private final List<List<Integer>> rowIds = new ArrayList<>();
  private final List<List<Integer>> rowPositions = new ArrayList<>();
  // group of each token: 0 = the row's shared prefix, k > 0 = segment k of the row
  private final List<List<Integer>> rowGroups = new ArrayList<>();
  private int nextGroup;

  /**
   * Starts a new row, optionally with a shared prefix.
   *
   * @param sharedPrefix tokens every segment of the row attends to, or an empty array
   * @return the prefix's span
   */
  public Span newRow(int[] sharedPrefix) {
    rowIds.add(new ArrayList<>());
    rowPositions.add(new ArrayList<>());
    rowGroups.add(new ArrayList<>());
    nextGroup = 1;
    int row = rowIds.size() - 1;
    for (int i = 0; i < sharedPrefix.length; i++) {
      rowIds.get(row).add(sharedPrefix[i]);
      rowPositions.get(row).add(i);
      rowGroups.get(row).add(0);
    }
    return new Span(row, 0, sharedPrefix.length);
  }

  /**
   * Appends a segment to the current row.
   *
   * @param ids the segment's tokens
   * @return the segment's span
   */
  public Span add(int[] ids) {
    if (rowIds.isEmpty()) {
      throw new IllegalStateException("call newRow first");
    }
    int row = rowIds.size() - 1;
    List<Integer> r = rowIds.get(row);
    int prefix = 0;
    while (prefix < r.size() && rowGroups.get(row).get(prefix) == 0) {
      prefix++;
    }
    int start = r.size();
    int group = nextGroup++;
    for (int i = 0; i < ids.length; i++) {
      r.add(ids[i]);
      rowPositions.get(row).add(prefix + i);
      rowGroups.get(row).add(group);
    }
    return new Span(row, start, ids.length);
  }

  /** @return rows */
  public int rows() {
    return rowIds.size();
  }

  /** @return the padded row length */
  public int length() {
    int max = 0;
    for (List<Integer> r : rowIds) {
      max = Math.max(max, r.size());
    }
    return max;
  }

  /** @return token ids {@code [rows * length]}, row-major, padded with 0 */
  public long[] ids() {
    return flatten(rowIds, 0);
  }

  /** @return position ids {@code [rows * length]}; padding gets 0 */
  public long[] positions() {
    return flatten(rowPositions, 0);
  }

  /**
   * @return the additive attention bias {@code [rows, 1, length, length]}, row-major: 0 where query {@code t} may
   *     attend to key {@code s} ({@code s <= t}, same segment or the row's shared prefix), {@link #MASKED} elsewhere
   */
  public float[] attentionBias() {
    int t = length();
    float[] bias = new float[rows() * t * t];
    Arrays.fill(bias, MASKED);
    for (int b = 0; b < rows(); b++) {
      List<Integer> groups = rowGroups.get(b);
      int base = b * t * t;
      for (int q = 0; q < t; q++) {
        if (q >= groups.size()) {
          bias[base + q * t + q] = 0f;
          continue;
        }
        int gq = groups.get(q);
        for (int k = 0; k <= q; k++) {
          int gk = groups.get(k);
          if (gk == gq || gk == 0) {
            bias[base + q * t + k] = 0f;
          }
        }
      }
    }
    return bias;
  }

  private long[] flatten(List<List<Integer>> rows, int pad) {
    int t = length();
    long[] out = new long[rows.size() * t];
    Arrays.fill(out, pad);
    for (int b = 0; b < rows.size(); b++) {
      List<Integer> r = rows.get(b);
      for (int i = 0; i < r.size(); i++) {
        out[b * t + i] = r.get(i);
      }
    }
    return out;
  }
}
