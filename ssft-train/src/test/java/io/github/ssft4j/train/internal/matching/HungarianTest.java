package io.github.ssft4j.train.internal.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianTest {

  @Test
  void agreesWithBruteForceOnRandomRectangularMatrices() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + rnd.nextInt(7);
      int m = 1 + rnd.nextInt(n);
      double[][] c = new double[n][m];
      for (double[] row : c) {
        for (int j = 0; j < m; j++) {
          // some trials use small integers so ties occur
          row[j] = trial % 2 == 0 ? rnd.nextDouble() * 10 : rnd.nextInt(4);
        }
      }
      Hungarian.Assignment a = Hungarian.solve(c);
      double best = brute(c, 0, new boolean[n]);
      assertEquals(best, a.cost(), 1e-9, "trial " + trial);
      // a valid matching: distinct rows, every column once, the cost its sum
      boolean[] rowUsed = new boolean[n];
      boolean[] colUsed = new boolean[m];
      double sum = 0;
      for (int k = 0; k < m; k++) {
        assertEquals(false, rowUsed[a.rows()[k]]);
        assertEquals(false, colUsed[a.cols()[k]]);
        rowUsed[a.rows()[k]] = true;
        colUsed[a.cols()[k]] = true;
        sum += c[a.rows()[k]][a.cols()[k]];
        if (k > 0) {
          assertEquals(true, a.rows()[k - 1] < a.rows()[k], "rows ascending");
        }
      }
      assertEquals(sum, a.cost(), 1e-12);
    }
  }

  /** Minimum over injective maps column -> row. */
  private static double brute(double[][] c, int col, boolean[] used) {
    if (col == c[0].length) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < c.length; r++) {
      if (!used[r]) {
        used[r] = true;
        best = Math.min(best, c[r][col] + brute(c, col + 1, used));
        used[r] = false;
      }
    }
    return best;
  }

  @Test
  void knownAnswer() {
    double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    Hungarian.Assignment a = Hungarian.solve(c);
    assertArrayEquals(new int[] {0, 1, 2}, a.rows());
    assertArrayEquals(new int[] {1, 0, 2}, a.cols());
    assertEquals(5.0, a.cost());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(InvalidArgumentException.class, () -> Hungarian.solve(new double[][] {{1, 2}}));
    assertThrows(InvalidArgumentException.class, () -> Hungarian.solve(new double[][] {{1, 2}, {3}}));
    assertThrows(InvalidArgumentException.class, () -> Hungarian.solve(new double[][] {{Double.NaN}}));
    assertThrows(InvalidArgumentException.class, () -> Hungarian.solve(new double[0][]));
  }
}
