package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates matrix expressions before comparison, as the reference does ({@code doit()}): a sum of matrices of one
 * shape is their entrywise sum, a product is the matrix product (scalars scale), so that
 * {@code \begin{pmatrix}1&2\\3&4\end{pmatrix} + \begin{pmatrix}5&6\\7&8\end{pmatrix}} is
 * {@code \begin{pmatrix}6&8\\10&12\end{pmatrix}}. Shapes that do not fit are left as written.
 */
final class MatrixAlgebra {
  /** Largest matrix product computed, in multiplications. */
  private static final int MAX_WORK = 4096;

  private MatrixAlgebra() {}

  /**
   * @param e a tree
   * @return the tree with matrix sums and products evaluated where the shapes fit
   */
  static Expr evaluate(Expr e) {
    if (!e.contains(Kind.MATRIX) || e.args().isEmpty()) {
      return e;
    }
    List<Expr> args = new ArrayList<>(e.args().size());
    for (Expr a : e.args()) {
      args.add(evaluate(a));
    }
    Expr r = new Expr(e.kind(), e.text(), e.value(), e.isFloat(), args);
    return switch (r.kind()) {
      case ADD -> sum(r);
      case MUL -> product(r);
      default -> r;
    };
  }

  private static Expr sum(Expr add) {
    Expr acc = null;
    List<Expr> scalars = new ArrayList<>();
    for (Expr a : add.args()) {
      if (a.kind() != Kind.MATRIX) {
        scalars.add(a);
      } else if (acc == null) {
        acc = a;
      } else if (acc.text().equals(a.text()) && acc.args().size() == a.args().size()) {
        List<Expr> cells = new ArrayList<>();
        for (int i = 0; i < a.args().size(); i++) {
          cells.add(Expr.add(List.of(acc.args().get(i), a.args().get(i))));
        }
        acc = Expr.of(Kind.MATRIX, acc.text(), cells);
      } else {
        return add;
      }
    }
    return acc == null || !scalars.isEmpty() ? add : acc;
  }

  private static Expr product(Expr mul) {
    List<Expr> scalars = new ArrayList<>();
    Expr acc = null;
    for (Expr f : mul.args()) {
      if (f.kind() != Kind.MATRIX) {
        if (f.contains(Kind.MATRIX)) {
          return mul;
        }
        scalars.add(f);
      } else if (acc == null) {
        acc = f;
      } else {
        acc = times(acc, f);
        if (acc == null) {
          return mul;
        }
      }
    }
    if (acc == null) {
      return mul;
    }
    if (scalars.isEmpty()) {
      return acc;
    }
    List<Expr> cells = new ArrayList<>();
    for (Expr c : acc.args()) {
      List<Expr> factors = new ArrayList<>(scalars);
      factors.add(c);
      cells.add(Expr.mul(factors));
    }
    return Expr.of(Kind.MATRIX, acc.text(), cells);
  }

  /** @return {@code a b}, or {@code null} when the shapes do not fit or it is too large */
  private static Expr times(Expr a, Expr b) {
    int ac = Integer.parseInt(a.text());
    int bc = Integer.parseInt(b.text());
    int ar = a.args().size() / ac;
    int br = b.args().size() / bc;
    if (ac != br || (long) ar * ac * bc > MAX_WORK) {
      return null;
    }
    List<Expr> cells = new ArrayList<>();
    for (int i = 0; i < ar; i++) {
      for (int j = 0; j < bc; j++) {
        List<Expr> terms = new ArrayList<>();
        for (int k = 0; k < ac; k++) {
          terms.add(Expr.mul(List.of(a.args().get(i * ac + k), b.args().get(k * bc + j))));
        }
        cells.add(Expr.add(terms));
      }
    }
    return Expr.of(Kind.MATRIX, Integer.toString(bc), cells);
  }
}
