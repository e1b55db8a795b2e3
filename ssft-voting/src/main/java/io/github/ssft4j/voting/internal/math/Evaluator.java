package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates an {@link Expr} exactly (rationals, refusing anything that would grow past {@link Rational#MAX_BITS})
 * or numerically at a point. Unknown functions such as {@code f(x)} evaluate to a fixed pseudo-random function of
 * their name and arguments, so {@code f(x)} equals {@code f(x)} but not {@code f(y)} or {@code g(x)}.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @param e a tree
   * @return its exact rational value, or {@code null} when it has none or it is too large to compute
   */
  public static Rational exact(Expr e) {
    try {
      return exact(e, 0);
    } catch (ArithmeticException ex) {
      return null;
    }
  }

  private static Rational exact(Expr e, int depth) {
    if (depth > 300) {
      return null;
    }
    switch (e.kind()) {
      case NUM -> {
        return e.value();
      }
      case ADD -> {
        Rational sum = Rational.ZERO;
        for (Expr a : e.args()) {
          Rational v = exact(a, depth + 1);
          if (v == null || (sum = sum.add(v)) == null) {
            return null;
          }
        }
        return sum;
      }
      case MUL -> {
        Rational prod = Rational.ONE;
        for (Expr a : e.args()) {
          Rational v = exact(a, depth + 1);
          if (v == null || (prod = prod.multiply(v)) == null) {
            return null;
          }
        }
        return prod;
      }
      case POW -> {
        Rational exp = exact(e.args().get(1), depth + 1);
        if (exp == null) {
          return null;
        }
        Rational base = exact(e.args().get(0), depth + 1);
        if (base == null) {
          return null;
        }
        if (exp.isInteger()) {
          return base.pow(exp.num());
        }
        // Rational exponent p/q: exact only for perfect q-th powers.
        if (exp.den().bitLength() > 6 || base.signum() < 0) {
          return null;
        }
        int q = exp.den().intValue();
        BigInteger n = root(base.num(), q);
        BigInteger d = root(base.den(), q);
        if (n == null || d == null) {
          return null;
        }
        return new Rational(n, d).pow(exp.num());
      }
      case PERCENT -> {
        Rational v = exact(e.args().get(0), depth + 1);
        return v == null ? null : v.multiply(new Rational(BigInteger.ONE, BigInteger.valueOf(100)));
      }
      default -> {
        return null;
      }
    }
  }

  private static BigInteger root(BigInteger v, int q) {
    if (v.bitLength() > 2048) {
      return null;
    }
    if (q == 2) {
      BigInteger r = v.sqrt();
      return r.multiply(r).equals(v) ? r : null;
    }
    long guess = Math.round(Math.pow(v.doubleValue(), 1.0 / q));
    for (long g = Math.max(0, guess - 1); g <= guess + 1; g++) {
      if (BigInteger.valueOf(g).pow(q).equals(v)) {
        return BigInteger.valueOf(g);
      }
    }
    return null;
  }

  /**
   * @param e a tree
   * @param env values of its free symbols
   * @return its value, {@code NaN} when undefined or not a number
   */
  public static double eval(Expr e, Map<String, Double> env) {
    return eval(e, env, 0);
  }

  private static double eval(Expr e, Map<String, Double> env, int depth) {
    if (depth > 300) {
      return Double.NaN;
    }
    switch (e.kind()) {
      case NUM -> {
        return e.value().toDouble();
      }
      case SYM -> {
        return switch (e.text()) {
          case "pi" -> Math.PI;
          case "e" -> Math.E;
          case "oo" -> Double.POSITIVE_INFINITY;
          default -> env.getOrDefault(e.text(), Double.NaN);
        };
      }
      case ADD -> {
        double s = 0;
        for (Expr a : e.args()) {
          s += eval(a, env, depth + 1);
        }
        return s;
      }
      case MUL -> {
        double p = 1;
        for (Expr a : e.args()) {
          p *= eval(a, env, depth + 1);
        }
        return p;
      }
      case POW -> {
        double b = eval(e.args().get(0), env, depth + 1);
        Rational re = exact(e.args().get(1));
        double x = re != null ? re.toDouble() : eval(e.args().get(1), env, depth + 1);
        if (b < 0 && re != null && !re.isInteger() && re.den().testBit(0) && re.den().bitLength() < 31) {
          // Odd roots of negative numbers are real.
          double mag = Math.pow(-b, x);
          return re.num().testBit(0) ? -mag : mag;
        }
        return Math.pow(b, x);
      }
      case PERCENT -> {
        return eval(e.args().get(0), env, depth + 1) / 100;
      }
      case FUNC -> {
        return func(e, env, depth);
      }
      default -> {
        return Double.NaN;
      }
    }
  }

  private static double func(Expr e, Map<String, Double> env, int depth) {
    String name = e.text();
    double[] a = new double[e.args().size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = eval(e.args().get(i), env, depth + 1);
    }
    if (name.startsWith("fn:") || name.equals("prime")) {
      // A fixed smooth function of the name and the arguments.
      double h = (name.hashCode() & 0xffff) / 65536.0 + 0.5;
      double s = h;
      for (int i = 0; i < a.length; i++) {
        s += Math.sin(a[i] * (1.3 + i) * h + i) * (0.7 + h);
      }
      return s;
    }
    return apply(name, a);
  }

  /**
   * @param name a known function name such as {@code sin}
   * @param a its argument values
   * @return the function's value, NaN when unknown or undefined
   */
  static double apply(String name, double[] a) {
    if (a.length == 0) {
      return Double.NaN;
    }
    double x = a[0];
    return switch (name) {
      case "sin" -> Math.sin(x);
      case "cos" -> Math.cos(x);
      case "tan" -> Math.tan(x);
      case "sec" -> 1 / Math.cos(x);
      case "csc" -> 1 / Math.sin(x);
      case "cot" -> 1 / Math.tan(x);
      case "arcsin" -> Math.asin(x);
      case "arccos" -> Math.acos(x);
      case "arctan" -> Math.atan(x);
      case "sinh" -> Math.sinh(x);
      case "cosh" -> Math.cosh(x);
      case "tanh" -> Math.tanh(x);
      case "ln", "log" -> Math.log(x);
      case "logb" -> Math.log(x) / Math.log(a[1]);
      case "exp" -> Math.exp(x);
      case "abs" -> Math.abs(x);
      case "floor" -> Math.floor(x);
      case "ceil" -> Math.ceil(x);
      case "factorial" -> x >= 0 && x <= 170 && x == Math.rint(x) ? factorial((int) x) : Double.NaN;
      case "binom" -> a.length == 2 && x == Math.rint(x) && a[1] == Math.rint(a[1]) && x <= 1000
          ? Math.round(Math.exp(logFactorial(x) - logFactorial(a[1]) - logFactorial(x - a[1]))) : Double.NaN;
      default -> Double.NaN;
    };
  }

  private static double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  private static double logFactorial(double n) {
    double s = 0;
    for (int i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }

  /**
   * @param e a tree
   * @return the names of its free symbols, sorted
   */
  public static Set<String> freeSymbols(Expr e) {
    Set<String> out = new TreeSet<>();
    collect(e, out, 0);
    return out;
  }

  private static void collect(Expr e, Set<String> out, int depth) {
    if (depth > 300 || out.size() > 64) {
      return;
    }
    if (e.kind() == Kind.SYM && !Set.of("pi", "e", "oo").contains(e.text())) {
      out.add(e.text());
    }
    for (Expr a : e.args()) {
      collect(a, out, depth + 1);
    }
  }
}
