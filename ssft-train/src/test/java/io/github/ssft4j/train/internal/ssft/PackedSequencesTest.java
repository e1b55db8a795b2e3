package io.github.ssft4j.train.internal.ssft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PackedSequencesTest {
  static final float M = PackedSequences.MASKED;

  @Test
  void blockDiagonalCausalMaskAndRestartingPositions() {
    PackedSequences p = new PackedSequences();
    p.newRow(new int[0]);
    assertEquals(new PackedSequences.Span(0, 0, 2), p.add(new int[] {5, 6}));
    assertEquals(new PackedSequences.Span(0, 2, 3), p.add(new int[] {7, 8, 9}));
    p.newRow(new int[0]);
    p.add(new int[] {4});
    assertEquals(2, p.rows());
    assertEquals(5, p.length());
    assertArrayEquals(new long[] {5, 6, 7, 8, 9, 4, 0, 0, 0, 0}, p.ids());
    assertArrayEquals(new long[] {0, 1, 0, 1, 2, 0, 0, 0, 0, 0}, p.positions());
    float[] bias = p.attentionBias();
    float[] row0 = {
        0, M, M, M, M,
        0, 0, M, M, M,
        M, M, 0, M, M,
        M, M, 0, 0, M,
        M, M, 0, 0, 0};
    float[] row1 = {
        0, M, M, M, M,
        M, 0, M, M, M,
        M, M, 0, M, M,
        M, M, M, 0, M,
        M, M, M, M, 0};
    float[] expected = new float[50];
    System.arraycopy(row0, 0, expected, 0, 25);
    System.arraycopy(row1, 0, expected, 25, 25);
    assertArrayEquals(expected, bias);
  }

  @Test
  void sharedPrefixIsSeenByEverySegmentAndPositionsContinueAfterIt() {
    PackedSequences p = new PackedSequences();
    p.newRow(new int[] {1, 2});
    assertEquals(new PackedSequences.Span(0, 2, 2), p.add(new int[] {3, 4}));
    p.add(new int[] {5});
    assertArrayEquals(new long[] {0, 1, 2, 3, 2}, p.positions());
    float[] expected = {
        0, M, M, M, M,
        0, 0, M, M, M,
        0, 0, 0, M, M,
        0, 0, 0, 0, M,
        0, 0, M, M, 0};
    assertArrayEquals(expected, p.attentionBias());
  }
}
