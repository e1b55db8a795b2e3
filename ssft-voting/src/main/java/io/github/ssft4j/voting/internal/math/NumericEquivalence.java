package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Numeric equivalence: exact rationals when both sides have one, decimals to a number of places, and otherwise
 * the values at seeded random points of the free symbols (over the complex numbers when {@code i} appears), so that
 * {@code (x+1)^2} equals {@code x^2+2x+1}. Deterministic: the points depend only on the symbols' names.
 */
final class NumericEquivalence {
  private static final int POINTS = 6;

  private NumericEquivalence() {}

  /** Whether {@code gl - gr = c (pl - pr)} for a constant {@code c != 0} ({@code c > 0} when {@code positive}). */
  static boolean proportional(Expr gl, Expr gr, Expr pl, Expr pr, boolean positive) {
    Expr gd = Expr.add(List.of(gl, Expr.neg(gr)));
    Expr pd = Expr.add(List.of(pl, Expr.neg(pr)));
    List<String> syms = new ArrayList<>(Evaluator.freeSymbols(gd));
    for (String s : Evaluator.freeSymbols(pd)) {
      if (!syms.contains(s)) {
        syms.add(s);
      }
    }
    Random rnd = new Random(syms.hashCode() * 31L + 7);
    Double ratio = null;
    int valid = 0;
    for (int i = 0; i < POINTS * 2 && valid < POINTS; i++) {
      Map<String, Double> env = point(syms, rnd);
      double a = Evaluator.eval(gd, env);
      double b = Evaluator.eval(pd, env);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      if (Math.abs(a) < 1e-12 && Math.abs(b) < 1e-12) {
        continue;
      }
      if (Math.abs(b) < 1e-12 || Math.abs(a) < 1e-12) {
        return false;
      }
      double r = a / b;
      if (ratio == null) {
        ratio = r;
      } else if (Math.abs(r - ratio) > 1e-8 * Math.max(1, Math.abs(ratio))) {
        return false;
      }
      valid++;
    }
    return ratio != null && valid >= 2 && (!positive || ratio > 0);
  }


  static boolean scalarEq(Expr g, Expr p, int precision) {
    boolean floats = g.hasFloat() || p.hasFloat();
    if (!floats) {
      Rational a = Evaluator.exact(g);
      Rational b = Evaluator.exact(p);
      if (a != null && b != null) {
        return a.compareTo(b) == 0;
      }
    }
    List<String> syms = new ArrayList<>(Evaluator.freeSymbols(g));
    for (String s : Evaluator.freeSymbols(p)) {
      if (!syms.contains(s)) {
        syms.add(s);
      }
    }
    if (syms.contains("i")) {
      // The imaginary unit: compare over the complex numbers.
      syms.remove("i");
      return complexEq(g, p, syms, floats, precision);
    }
    if (syms.isEmpty()) {
      double a = Evaluator.eval(g, Map.of());
      double b = Evaluator.eval(p, Map.of());
      if (Double.isNaN(a) || Double.isNaN(b)) {
        return false;
      }
      if (Double.isInfinite(a) || Double.isInfinite(b)) {
        return a == b && !isOverflow(g) && !isOverflow(p);
      }
      if (floats) {
        double tol = Math.pow(10, -precision);
        return Math.abs(a - b) <= tol * (1 + 1e-9) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
      }
      return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
    Random rnd = new Random(syms.hashCode() * 17L + 3);
    int valid = 0;
    for (int i = 0; i < POINTS * 2 && valid < POINTS; i++) {
      Map<String, Double> env = point(syms, rnd);
      double a = Evaluator.eval(g, env);
      double b = Evaluator.eval(p, env);
      boolean fa = Double.isFinite(a);
      boolean fb = Double.isFinite(b);
      if (!fa && !fb) {
        continue;
      }
      if (fa != fb) {
        return false;
      }
      double tol = floats ? Math.max(Math.pow(10, -precision), 1e-9 * Math.max(Math.abs(a), Math.abs(b)))
          : 1e-8 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
      if (Math.abs(a - b) > tol) {
        return false;
      }
      valid++;
    }
    return valid >= 2;
  }

  private static boolean complexEq(Expr g, Expr p, List<String> syms, boolean floats, int precision) {
    Random rnd = new Random(syms.hashCode() * 13L + 5);
    double tol = floats ? Math.pow(10, -precision) : 1e-8;
    int valid = 0;
    for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
      Map<String, Double> env = point(syms, rnd);
      ComplexEvaluator.C a = ComplexEvaluator.eval(g, env);
      ComplexEvaluator.C b = ComplexEvaluator.eval(p, env);
      if (!a.finite() && !b.finite()) {
        continue;
      }
      if (a.finite() != b.finite()) {
        return false;
      }
      double scale = Math.max(1, Math.max(Math.hypot(a.re(), a.im()), Math.hypot(b.re(), b.im())));
      if (Math.hypot(a.re() - b.re(), a.im() - b.im()) > tol * (floats ? 1 : scale)) {
        return false;
      }
      valid++;
      if (syms.isEmpty()) {
        break;
      }
    }
    return valid >= 1;
  }

  /** An infinite value that comes from overflow ({@code 10^{10^{10}}}) rather than from {@code \infty}. */
  private static boolean isOverflow(Expr e) {
    return !e.contains(Kind.SYM) || Evaluator.exact(e) == null && e.contains(Kind.POW) && !hasInfinity(e);
  }

  private static boolean hasInfinity(Expr e) {
    if (e.kind() == Kind.SYM && e.text().equals("oo")) {
      return true;
    }
    for (Expr a : e.args()) {
      if (hasInfinity(a)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Double> point(List<String> syms, Random rnd) {
    Map<String, Double> env = new HashMap<>();
    for (String s : syms) {
      env.put(s, 0.35 + 2.3 * rnd.nextDouble());
    }
    return env;
  }
}
