package io.github.ssft4j.voting.internal.math;

import java.util.Map;

/**
 * Evaluates an {@link Expr} over the complex numbers, with the symbol {@code i} as the imaginary unit. Used only
 * when an answer mentions {@code i}, so that {@code (1+i)^2} equals {@code 2i} and {@code 1/i} equals {@code -i}.
 */
final class ComplexEvaluator {
  /** A complex number. */
  record C(double re, double im) {
    static final C NAN = new C(Double.NaN, Double.NaN);

    C plus(C o) {
      return new C(re + o.re, im + o.im);
    }

    C times(C o) {
      return new C(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    C inverse() {
      double d = re * re + im * im;
      return new C(re / d, -im / d);
    }

    C exp() {
      double m = Math.exp(re);
      return new C(m * Math.cos(im), m * Math.sin(im));
    }

    C log() {
      return new C(Math.log(Math.hypot(re, im)), Math.atan2(im, re));
    }

    C pow(C e) {
      if (e.im == 0 && e.re == Math.rint(e.re) && Math.abs(e.re) <= 64) {
        C r = new C(1, 0);
        C b = e.re < 0 ? inverse() : this;
        for (int k = 0; k < Math.abs(e.re); k++) {
          r = r.times(b);
        }
        return r;
      }
      if (re == 0 && im == 0) {
        return e.re > 0 ? new C(0, 0) : NAN;
      }
      return e.times(log()).exp();
    }

    boolean finite() {
      return Double.isFinite(re) && Double.isFinite(im);
    }
  }

  private ComplexEvaluator() {}

  /**
   * @param e a tree
   * @param env values of its real free symbols (not {@code i})
   * @return its complex value, NaN parts when undefined
   */
  static C eval(Expr e, Map<String, Double> env) {
    return eval(e, env, 0);
  }

  private static C eval(Expr e, Map<String, Double> env, int depth) {
    if (depth > 300) {
      return C.NAN;
    }
    switch (e.kind()) {
      case NUM -> {
        return new C(e.value().toDouble(), 0);
      }
      case SYM -> {
        if (e.text().equals("i")) {
          return new C(0, 1);
        }
        return new C(Evaluator.eval(e, env), 0);
      }
      case ADD -> {
        C s = new C(0, 0);
        for (Expr a : e.args()) {
          s = s.plus(eval(a, env, depth + 1));
        }
        return s;
      }
      case MUL -> {
        C p = new C(1, 0);
        for (Expr a : e.args()) {
          p = p.times(eval(a, env, depth + 1));
        }
        return p;
      }
      case POW -> {
        return eval(e.args().get(0), env, depth + 1).pow(eval(e.args().get(1), env, depth + 1));
      }
      case PERCENT -> {
        return eval(e.args().get(0), env, depth + 1).times(new C(0.01, 0));
      }
      case FUNC -> {
        if (e.args().size() != 1) {
          return C.NAN;
        }
        C x = eval(e.args().get(0), env, depth + 1);
        return switch (e.text()) {
          case "exp" -> x.exp();
          case "ln", "log" -> x.log();
          case "sin" -> new C(Math.sin(x.re) * Math.cosh(x.im), Math.cos(x.re) * Math.sinh(x.im));
          case "cos" -> new C(Math.cos(x.re) * Math.cosh(x.im), -Math.sin(x.re) * Math.sinh(x.im));
          case "abs" -> new C(Math.hypot(x.re, x.im), 0);
          default -> x.im == 0 ? new C(Evaluator.apply(e.text(), new double[] {x.re}), 0) : C.NAN;
        };
      }
      default -> {
        return C.NAN;
      }
    }
  }

}
