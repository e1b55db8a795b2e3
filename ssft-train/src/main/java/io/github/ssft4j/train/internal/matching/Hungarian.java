package io.github.ssft4j.train.internal.matching;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Arrays;

/**
 * Minimum-cost bipartite matching (the Hungarian algorithm with potentials, O(n^2 m)) for a rectangular
 * {@code N x M} cost matrix with {@code N >= M}: every column (trace) gets a distinct row (tag), as
 * {@code scipy.optimize.linear_sum_assignment} does.
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * A matching.
   *
   * @param rows matched row indices, ascending
   * @param cols {@code cols[k]} is the column matched to {@code rows[k]}
   * @param cost the sum of the matched costs
   */
  public record Assignment(int[] rows, int[] cols, double cost) {
    /** Defensive copies. */
    public Assignment {
      rows = rows.clone();
      cols = cols.clone();
    }

    /** @return a copy of the matched rows */
    @Override
    public int[] rows() {
      return rows.clone();
    }

    /** @return a copy of the matched columns */
    @Override
    public int[] cols() {
      return cols.clone();
    }

    /** @return for each column, its row */
    public int[] rowOfColumn() {
      int[] out = new int[cols.length];
      for (int k = 0; k < cols.length; k++) {
        out[cols[k]] = rows[k];
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Assignment a && Arrays.equals(rows, a.rows) && Arrays.equals(cols, a.cols)
          && Double.compare(cost, a.cost) == 0;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(rows) * 31 + Arrays.hashCode(cols);
    }

    @Override
    public String toString() {
      return "Assignment[rows=" + Arrays.toString(rows) + ", cols=" + Arrays.toString(cols) + ", cost=" + cost + "]";
    }
  }

  /**
   * Solves the assignment.
   *
   * @param cost {@code N x M} finite costs, {@code N >= M >= 1}
   * @throws InvalidArgumentException for a ragged matrix, {@code N < M}, or a non-finite entry
   */
  public static Assignment solve(double[][] cost) {
    int n = cost.length;
    if (n == 0) {
      throw new InvalidArgumentException("cost matrix has no rows");
    }
    int m = cost[0].length;
    if (m == 0 || m > n) {
      throw new InvalidArgumentException("cost matrix is " + n + " x " + m + "; need rows >= columns >= 1");
    }
    for (int i = 0; i < n; i++) {
      if (cost[i].length != m) {
        throw new InvalidArgumentException("cost matrix row " + i + " has " + cost[i].length + " columns, expected " + m);
      }
      for (int j = 0; j < m; j++) {
        if (!Double.isFinite(cost[i][j])) {
          throw new InvalidArgumentException("cost[" + i + "][" + j + "] = " + cost[i][j] + " is not finite");
        }
      }
    }
    // Work on the transpose: its m rows (columns of cost) are each assigned one of its n columns.
    double[] u = new double[m + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1]; // p[j]: transposed row (1-based) holding transposed column j, 0 if free
    int[] way = new int[n + 1];
    for (int i = 1; i <= m; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[n + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[n + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = cost[j - 1][i0 - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rows = new int[m];
    int[] cols = new int[m];
    int k = 0;
    double total = 0;
    for (int j = 1; j <= n; j++) {
      if (p[j] != 0) {
        rows[k] = j - 1;
        cols[k] = p[j] - 1;
        total += cost[j - 1][p[j] - 1];
        k++;
      }
    }
    return new Assignment(rows, cols, total);
  }
}
