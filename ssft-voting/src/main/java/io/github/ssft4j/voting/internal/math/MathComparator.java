package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether two parsed answers are the same: exact rational arithmetic first, numbers written as decimals
 * compared to {@code precision} decimal places, expressions compared at random points, collections element by
 * element (sets and lists in any order), relations up to a non-zero (for inequalities: positive) factor.
 *
 * <p>Relations follow the reference grader: a gold assignment {@code x = 5} or {@code f(x) = 5} matches {@code 5};
 * a predicted equation {@code k = 1} is reduced to its right-hand side when the gold is not an equation; a double
 * inequality with constant bounds such as {@code 0 < x < 1} is the interval {@code (0, 1)}.
 */
public final class MathComparator {
  /**
   * Comparison settings.
   *
   * @param precision decimal places compared when either side is written as a decimal
   * @param strict when {@code false}, variable names are ignored ({@code f(x)} matches {@code f(y)})
   * @param allowSetRelationComp whether a single inequality such as {@code x > 1} may match an interval
   */
  public record Options(int precision, boolean strict, boolean allowSetRelationComp) {
    /** The reference defaults: 6 places, strict, no relation-set comparison. */
    public static final Options DEFAULT = new Options(6, true, false);

    /** Clamps the precision to 0..15. */
    public Options {
      precision = Math.max(0, Math.min(15, precision));
    }
  }

  private static final int MAX_ITEMS = 64;
  private static final int MAX_NODES = 4000;

  private final Options options;
  private int budget = 5_000;

  private MathComparator(Options options) {
    this.options = options;
  }

  /**
   * @param gold the reference answer
   * @param pred the candidate answer
   * @param options comparison settings
   * @return whether they are the same answer; never throws
   */
  public static boolean equivalent(Expr gold, Expr pred, Options options) {
    if (gold == null || pred == null) {
      return false;
    }
    try {
      if (gold.size() > MAX_NODES || pred.size() > MAX_NODES) {
        return Canonical.of(gold).equals(Canonical.of(pred));
      }
      MathComparator c = new MathComparator(options);
      Expr g = Rewrites.setBuilder(Rewrites.groupAssignments(MatrixAlgebra.evaluate(Rewrites.expandPm(gold))));
      Expr p = Rewrites.setBuilder(Rewrites.groupAssignments(MatrixAlgebra.evaluate(Rewrites.expandPm(pred))));
      if (!options.strict()) {
        p = Rewrites.renameLike(p, g);
      }
      return c.eq(g, p, 0);
    } catch (RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /**
   * @param e a tree
   * @return whether it is a relation between numbers that does not hold, such as {@code 0 = 102} or {@code 3 < 1}
   */
  public static boolean isFalseStatement(Expr e) {
    if (e.kind() != Kind.REL || !Evaluator.freeSymbols(e).isEmpty()) {
      return false;
    }
    String[] ops = e.text().split(" ");
    for (int i = 0; i < ops.length; i++) {
      double a = Evaluator.eval(e.args().get(i), Map.of());
      double b = Evaluator.eval(e.args().get(i + 1), Map.of());
      if (Double.isNaN(a) || Double.isNaN(b)) {
        return false;
      }
      double tol = 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
      boolean holds = switch (ops[i]) {
        case "=", "~" -> Math.abs(a - b) <= tol;
        case "!=" -> Math.abs(a - b) > tol;
        case "<" -> a < b;
        case "<=" -> a <= b + tol;
        case ">" -> a > b;
        case ">=" -> a >= b - tol;
        default -> true;
      };
      if (!holds) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- dispatch

  private boolean eq(Expr g, Expr p, int depth) {
    if (depth > 60 || --budget < 0) {
      return false;
    }
    if (Canonical.of(g).equals(Canonical.of(p))) {
      return true;
    }
    if (g.kind() == Kind.REL || p.kind() == Kind.REL) {
      return relationEq(g, p, depth);
    }
    if (g.kind() == Kind.TEXT || p.kind() == Kind.TEXT) {
      String a = letters(g);
      return !a.isEmpty() && a.equals(letters(p));
    }
    if (g.kind() == Kind.PERCENT || p.kind() == Kind.PERCENT) {
      Expr gs = g.kind() == Kind.PERCENT ? g.args().get(0) : g;
      Expr ps = p.kind() == Kind.PERCENT ? p.args().get(0) : p;
      // A percentage is its value: 28% is 0.28 (and not 28), as the reference reads x% as x/100.
      return g.kind() == p.kind() ? eq(gs, ps, depth + 1) : NumericEquivalence.scalarEq(g, p, options.precision());
    }
    boolean gc = isCollection(g);
    boolean pc = isCollection(p);
    if (gc != pc) {
      // A one-element set is its element: {5} matches 5.
      Expr set = gc ? g : p;
      Expr other = gc ? p : g;
      if ((set.kind() == Kind.SET || set.kind() == Kind.LIST) && distinct(set.args()).size() == 1) {
        return gc ? eq(set.args().get(0), other, depth + 1) : eq(other, set.args().get(0), depth + 1);
      }
      return false;
    }
    if (gc) {
      return collectionEq(g, p, depth);
    }
    return NumericEquivalence.scalarEq(g, p, options.precision());
  }

  private static boolean isCollection(Expr e) {
    return switch (e.kind()) {
      case TUPLE, SET, LIST, INTERVAL, UNION, MATRIX -> true;
      default -> false;
    };
  }

  // ---------------------------------------------------------------- collections

  private boolean collectionEq(Expr g, Expr p, int depth) {
    Kind a = g.kind();
    Kind b = p.kind();
    if (a == Kind.INTERVAL || b == Kind.INTERVAL) {
      Expr gi = asInterval(g);
      Expr pi = asInterval(p);
      return gi != null && pi != null && gi.text().equals(pi.text())
          && eq(gi.args().get(0), pi.args().get(0), depth + 1) && eq(gi.args().get(1), pi.args().get(1), depth + 1);
    }
    if (a == Kind.MATRIX || b == Kind.MATRIX) {
      return a == b && g.text().equals(p.text()) && ordered(g.args(), p.args(), depth);
    }
    if (a == Kind.UNION || b == Kind.UNION) {
      return a == b && unordered(g.args(), p.args(), depth);
    }
    if (a == Kind.TUPLE && b == Kind.TUPLE || a == Kind.TUPLE && b == Kind.LIST || a == Kind.LIST && b == Kind.TUPLE) {
      return ordered(g.args(), p.args(), depth);
    }
    if (!options.strict() && (a == Kind.TUPLE && b == Kind.SET || a == Kind.SET && b == Kind.TUPLE)) {
      // Non-strict comparison lets a set match a tuple with the same elements.
      return unordered(distinct(g.args()), distinct(p.args()), depth);
    }
    if (a == Kind.TUPLE && b == Kind.SET && g.text().equals("(") || b == Kind.TUPLE && a == Kind.SET
        && p.text().equals("(")) {
      // (a, b) may be an open interval; against a two-element set the reference compares it in order.
      return ordered(g.args(), p.args(), depth);
    }
    if ((a == Kind.SET || a == Kind.LIST) && (b == Kind.SET || b == Kind.LIST)) {
      return unordered(distinct(g.args()), distinct(p.args()), depth);
    }
    return false;
  }

  private static Expr asInterval(Expr e) {
    if (e.kind() == Kind.INTERVAL) {
      return e;
    }
    if (e.kind() == Kind.TUPLE && e.text().equals("(") && e.args().size() == 2) {
      return Expr.of(Kind.INTERVAL, "()", e.args());
    }
    return null;
  }

  /** Set semantics: identical spellings count once. */
  private static List<Expr> distinct(List<Expr> items) {
    Map<String, Expr> seen = new java.util.LinkedHashMap<>();
    for (Expr e : items) {
      seen.putIfAbsent(Canonical.of(e), e);
    }
    return seen.size() == items.size() ? items : new ArrayList<>(seen.values());
  }

  private boolean ordered(List<Expr> g, List<Expr> p, int depth) {
    if (g.size() != p.size() || g.size() > MAX_ITEMS) {
      return false;
    }
    for (int i = 0; i < g.size(); i++) {
      if (!eq(g.get(i), p.get(i), depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private boolean unordered(List<Expr> g, List<Expr> p, int depth) {
    if (g.size() != p.size() || g.size() > MAX_ITEMS) {
      return false;
    }
    boolean[] used = new boolean[p.size()];
    boolean[] done = new boolean[g.size()];
    // Identical spellings pair up first, in linear time; the rest are compared pairwise.
    Map<String, List<Integer>> byCanonical = new HashMap<>();
    for (int j = 0; j < p.size(); j++) {
      byCanonical.computeIfAbsent(Canonical.of(p.get(j)), k -> new ArrayList<>()).add(j);
    }
    for (int i = 0; i < g.size(); i++) {
      List<Integer> same = byCanonical.get(Canonical.of(g.get(i)));
      if (same != null && !same.isEmpty()) {
        used[same.remove(same.size() - 1)] = true;
        done[i] = true;
      }
    }
    for (int i = 0; i < g.size(); i++) {
      if (done[i]) {
        continue;
      }
      Expr x = g.get(i);
      boolean found = false;
      for (int j = 0; j < p.size() && !found; j++) {
        if (!used[j] && eq(x, p.get(j), depth + 1)) {
          used[j] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- relations

  private boolean relationEq(Expr g, Expr p, int depth) {
    g = simplifyRelation(g);
    p = simplifyRelation(p);
    if (g.kind() != Kind.REL || p.kind() != Kind.REL) {
      if (g.kind() == Kind.REL) {
        if (allEquals(g) && isNameLike(g.args().get(0))) {
          return eq(last(g), p, depth + 1);
        }
        if (allEquals(g) && g.args().size() > 2 && isNameLike(g.args().get(g.args().size() - 2))) {
          return eq(last(g), p, depth + 1);
        }
        // A relation in the gold against a set: the set the relation describes (1 < x < 2 is (1, 2)).
        Expr gs = isCollection(p) ? RelationSets.asSet(g) : null;
        return gs != null && eq(gs, p, depth + 1);
      }
      if (p.kind() == Kind.REL) {
        if (allEquals(p)) {
          return eq(g, last(p), depth + 1);
        }
        // A predicted relation against a gold set only when asked for (the reference's allow_set_relation_comp).
        Expr ps = options.allowSetRelationComp() && isCollection(g) ? RelationSets.asSet(p) : null;
        return ps != null && eq(g, ps, depth + 1);
      }
      return eq(g, p, depth + 1);
    }
    String[] go = g.text().split(" ");
    String[] po = p.text().split(" ");
    if (allEquals(g) && allEquals(p)) {
      Expr gl = g.args().get(0);
      Expr gr = last(g);
      Expr pl = p.args().get(0);
      Expr pr = last(p);
      if (eq(gl, pl, depth + 1) && eq(gr, pr, depth + 1)) {
        return true;
      }
      return NumericEquivalence.proportional(gl, gr, pl, pr, false);
    }
    if (go.length == 1 && po.length == 1) {
      Expr[] gn = lessForm(g);
      Expr[] pn = lessForm(p);
      if (gn == null || pn == null || !gn[2].text().equals(pn[2].text())) {
        return false;
      }
      if (eq(gn[0], pn[0], depth + 1) && eq(gn[1], pn[1], depth + 1)) {
        return true;
      }
      return NumericEquivalence.proportional(gn[0], gn[1], pn[0], pn[1], !gn[2].text().equals("!="));
    }
    if (go.length == po.length && g.text().equals(p.text()) && ordered(g.args(), p.args(), depth)) {
      return true;
    }
    // Inequalities that describe the same set: 0 < x < 1 and 1 > x > 0.
    Expr gs = RelationSets.asSet(g);
    Expr ps = gs == null ? null : RelationSets.asSet(p);
    return ps != null && eq(gs, ps, depth + 1);
  }

  /** Applies the approximation rule and reads {@code x \\in S} as {@code S}. */
  private static Expr simplifyRelation(Expr e) {
    if (e.kind() != Kind.REL) {
      return e;
    }
    List<String> ops = new ArrayList<>(List.of(e.text().split(" ")));
    List<Expr> args = new ArrayList<>(e.args());
    int approx = ops.indexOf("~");
    if (approx >= 0) {
      if (approx == 0 && isNameLike(args.get(0))) {
        ops.set(0, "=");
      } else {
        // x = 1/3 \approx 0.33: the exact value before the approximation is the answer.
        ops = new ArrayList<>(ops.subList(0, approx));
        args = new ArrayList<>(args.subList(0, approx + 1));
      }
      while (ops.contains("~")) {
        ops.set(ops.indexOf("~"), "=");
      }
      if (ops.isEmpty()) {
        return args.get(0);
      }
      e = Expr.of(Kind.REL, String.join(" ", ops), args);
    }
    if (ops.size() == 1 && ops.get(0).equals("in")) {
      return args.get(1);
    }
    return e;
  }

  private static boolean allEquals(Expr rel) {
    for (String op : rel.text().split(" ")) {
      if (!op.equals("=")) {
        return false;
      }
    }
    return true;
  }

  private static Expr last(Expr rel) {
    return rel.args().get(rel.args().size() - 1);
  }

  /** @return {@code [lhs, rhs, op]} with {@code >} turned into {@code <}, or null */
  private static Expr[] lessForm(Expr rel) {
    String op = rel.text();
    Expr l = rel.args().get(0);
    Expr r = rel.args().get(1);
    return switch (op) {
      case "<", "<=", "!=" -> new Expr[] {l, r, Expr.text(op)};
      case ">" -> new Expr[] {r, l, Expr.text("<")};
      case ">=" -> new Expr[] {r, l, Expr.text("<=")};
      default -> null;
    };
  }

  /**
   * Whether the left side of an equation names the answer: an expression of symbols only, as the reference's
   * {@code is_expr_of_only_symbols} ({@code x}, {@code f(x)}, {@code (p,q)}, {@code A:B}, {@code |AB|}).
   */
  static boolean isNameLike(Expr e) {
    return switch (e.kind()) {
      case SYM, TEXT -> true;
      case FUNC -> e.text().startsWith("fn:") || e.args().stream().allMatch(MathComparator::isNameLike);
      case TUPLE, LIST, MUL -> e.args().stream().allMatch(MathComparator::isNameLike);
      case POW -> isNameLike(e.args().get(0)) && e.args().get(1).kind() == Kind.NUM;
      default -> false;
    };
  }

  // ---------------------------------------------------------------- helpers

  /** The letters of a text-like answer, lower-cased, in order ({@code \text{Even}} and {@code Even} agree). */
  private static String letters(Expr e) {
    StringBuilder sb = new StringBuilder();
    appendLetters(e, sb, 0);
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static void appendLetters(Expr e, StringBuilder sb, int depth) {
    if (depth > 100 || sb.length() > 1000) {
      return;
    }
    switch (e.kind()) {
      case SYM, TEXT -> {
        for (char c : e.text().toCharArray()) {
          if (Character.isLetterOrDigit(c)) {
            sb.append(c);
          }
        }
      }
      case NUM -> sb.append(e.value());
      case MUL -> e.args().forEach(a -> appendLetters(a, sb, depth + 1));
      default -> sb.append('\u0000');
    }
  }

}
