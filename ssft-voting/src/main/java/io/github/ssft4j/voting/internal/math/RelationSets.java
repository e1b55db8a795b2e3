package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relation in one variable as the set it describes (the reference's {@code as_set}): {@code x > 1} is
 * {@code (1, oo)}, {@code 0 < x \le 2} is {@code (0, 2]}, {@code 1 \le |z| \le 3/2} is
 * {@code [-3/2, -1] U [1, 3/2]}, {@code x = 2} is {@code \{2\}}. The variable may appear as itself, in a linear
 * term {@code a x + b}, or inside an absolute value of one; bounds must be constants.
 */
final class RelationSets {
  /** An interval with constant bounds, values for ordering. */
  private record Iv(Expr lo, double loV, boolean loClosed, Expr hi, double hiV, boolean hiClosed) {
    boolean isEmpty() {
      return loV > hiV || loV == hiV && !(loClosed && hiClosed);
    }
  }

  private static final Expr INF = Expr.sym("oo");
  private static final Expr NEG_INF = Expr.neg(INF);

  private RelationSets() {}

  /**
   * @param rel a {@link Kind#REL} chain
   * @return the set of values of its one variable that satisfy it, or {@code null} when it is not of that form
   */
  static Expr asSet(Expr rel) {
    if (rel.kind() != Kind.REL) {
      return null;
    }
    Set<String> vars = Evaluator.freeSymbols(rel);
    if (vars.size() != 1) {
      return null;
    }
    String x = vars.iterator().next();
    String[] ops = rel.text().split(" ");
    int k = -1;
    for (int i = 0; i < rel.args().size(); i++) {
      if (!Evaluator.freeSymbols(rel.args().get(i)).isEmpty()) {
        if (k >= 0) {
          return null;
        }
        k = i;
      }
    }
    Expr u = rel.args().get(k);
    if (u.kind() == Kind.FUNC && u.text().startsWith("fn:")) {
      // f(x) stands for one unknown, as the reference unwraps it into a symbol.
      u = Expr.sym(x);
    }
    List<Iv> set = all();
    // The relations next to the variable's term: "a op u" on its left, "u op b" on its right.
    if (k > 0) {
      set = intersect(set, solve(u, x, flip(ops[k - 1]), rel.args().get(k - 1)));
    }
    if (k < ops.length) {
      set = intersect(set, solve(u, x, ops[k], rel.args().get(k + 1)));
    }
    return set == null ? null : toExpr(set);
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  /** The set of {@code x} with {@code u op c}; {@code null} when unsupported. */
  private static List<Iv> solve(Expr u, String x, String op, Expr c) {
    double cv = Evaluator.eval(c, Map.of());
    if (Double.isNaN(cv) || !Set.of("<", "<=", ">", ">=", "=", "!=").contains(op)) {
      return null;
    }
    if (u.kind() == Kind.FUNC && u.text().equals("abs") && u.args().size() == 1) {
      Expr inner = u.args().get(0);
      Expr minus = Expr.neg(c);
      return switch (op) {
        case "<", "<=" -> cv < 0 || cv == 0 && op.equals("<") ? List.of()
            : intersect(linear(inner, x, flip(op), minus), linear(inner, x, op, c));
        case ">", ">=" -> cv < 0 || cv == 0 && op.equals(">=") ? all()
            : union(linear(inner, x, op.equals(">") ? "<" : "<=", minus), linear(inner, x, op, c));
        case "=" -> cv < 0 ? List.of() : union(linear(inner, x, "=", minus), linear(inner, x, "=", c));
        default -> null;
      };
    }
    return linear(u, x, op, c);
  }

  private static List<Iv> all() {
    return List.of(new Iv(NEG_INF, Double.NEGATIVE_INFINITY, false, INF, Double.POSITIVE_INFINITY, false));
  }

  /** The set of {@code x} with {@code L op c} for {@code L = m x + q}; {@code null} when not linear. */
  private static List<Iv> linear(Expr l, String x, String op, Expr c) {
    if (l == null) {
      return null;
    }
    Expr q = substitute(l, x, Expr.num(0));
    Expr m = Expr.add(List.of(substitute(l, x, Expr.num(1)), Expr.neg(q)));
    double qv = Evaluator.eval(q, Map.of());
    double mv = Evaluator.eval(m, Map.of());
    double at2 = Evaluator.eval(substitute(l, x, Expr.num(2)), Map.of());
    if (!Double.isFinite(qv) || !Double.isFinite(mv) || mv == 0
        || Math.abs(at2 - (2 * mv + qv)) > 1e-9 * Math.max(1, Math.abs(at2))) {
      return null;
    }
    Expr bound = Expr.mul(List.of(Expr.add(List.of(c, Expr.neg(q))), Expr.pow(m, Expr.num(-1))));
    if (Evaluator.exact(bound) != null) {
      bound = Expr.num(Evaluator.exact(bound), false);
    } else if (isOne(m) && isZero(q)) {
      bound = c;
    }
    double bv = Evaluator.eval(bound, Map.of());
    String o = mv < 0 ? flip(op) : op;
    return switch (o) {
      case "<", "<=" -> List.of(new Iv(NEG_INF, Double.NEGATIVE_INFINITY, false, bound, bv, o.equals("<=")));
      case ">", ">=" -> List.of(new Iv(bound, bv, o.equals(">="), INF, Double.POSITIVE_INFINITY, false));
      case "=" -> List.of(new Iv(bound, bv, true, bound, bv, true));
      case "!=" -> List.of(new Iv(NEG_INF, Double.NEGATIVE_INFINITY, false, bound, bv, false),
          new Iv(bound, bv, false, INF, Double.POSITIVE_INFINITY, false));
      default -> null;
    };
  }

  private static boolean isOne(Expr e) {
    Rational r = Evaluator.exact(e);
    return r != null && r.compareTo(Rational.ONE) == 0;
  }

  private static boolean isZero(Expr e) {
    Rational r = Evaluator.exact(e);
    return r != null && r.signum() == 0;
  }

  private static Expr substitute(Expr e, String x, Expr v) {
    if (e.kind() == Kind.SYM && e.text().equals(x)) {
      return v;
    }
    if (e.args().isEmpty()) {
      return e;
    }
    List<Expr> args = new ArrayList<>();
    for (Expr a : e.args()) {
      args.add(substitute(a, x, v));
    }
    return new Expr(e.kind(), e.text(), e.value(), e.isFloat(), args);
  }

  private static List<Iv> union(List<Iv> a, List<Iv> b) {
    if (a == null || b == null) {
      return null;
    }
    List<Iv> all = new ArrayList<>(a);
    all.addAll(b);
    all.sort((p, q) -> Double.compare(p.loV(), q.loV()));
    List<Iv> out = new ArrayList<>();
    for (Iv iv : all) {
      if (iv.isEmpty()) {
        continue;
      }
      Iv last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && (iv.loV() < last.hiV() || iv.loV() == last.hiV() && (iv.loClosed() || last.hiClosed()))) {
        boolean keepLast = last.hiV() > iv.hiV() || last.hiV() == iv.hiV() && last.hiClosed();
        out.set(out.size() - 1, keepLast ? last : new Iv(last.lo(), last.loV(), last.loClosed(), iv.hi(), iv.hiV(),
            iv.hiClosed()));
      } else {
        out.add(iv);
      }
    }
    return out;
  }

  private static List<Iv> intersect(List<Iv> a, List<Iv> b) {
    if (a == null || b == null) {
      return null;
    }
    List<Iv> out = new ArrayList<>();
    for (Iv p : a) {
      for (Iv q : b) {
        boolean pLo = p.loV() > q.loV() || p.loV() == q.loV() && !p.loClosed();
        boolean pHi = p.hiV() < q.hiV() || p.hiV() == q.hiV() && !p.hiClosed();
        Iv r = new Iv(pLo ? p.lo() : q.lo(), pLo ? p.loV() : q.loV(), pLo ? p.loClosed() : q.loClosed(),
            pHi ? p.hi() : q.hi(), pHi ? p.hiV() : q.hiV(), pHi ? p.hiClosed() : q.hiClosed());
        if (!r.isEmpty()) {
          out.add(r);
        }
      }
    }
    return union(out, List.of());
  }

  private static Expr toExpr(List<Iv> set) {
    if (set.isEmpty()) {
      return Expr.of(Kind.SET, List.of());
    }
    List<Expr> parts = new ArrayList<>();
    List<Expr> points = new ArrayList<>();
    for (Iv iv : set) {
      if (iv.loV() == iv.hiV()) {
        points.add(iv.lo());
      } else {
        parts.add(Expr.of(Kind.INTERVAL, (iv.loClosed() ? "[" : "(") + (iv.hiClosed() ? "]" : ")"),
            List.of(iv.lo(), iv.hi())));
      }
    }
    if (!points.isEmpty()) {
      parts.add(Expr.of(Kind.SET, points));
    }
    return parts.size() == 1 ? parts.get(0) : Expr.of(Kind.UNION, parts);
  }
}
