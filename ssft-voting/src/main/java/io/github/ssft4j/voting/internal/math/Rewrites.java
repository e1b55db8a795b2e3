package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites applied to both answers before comparison: {@code \pm} expanded into both signs, repeated assignments
 * grouped into solutions, set-builder notation read as the set it describes, and (when not strict) the
 * prediction's variables renamed to the gold's.
 */
final class Rewrites {
  private Rewrites() {}

  /** A set in set-builder notation is the set its condition describes: {@code \\{x \\mid x > 1\\}} is {@code (1, oo)}. */
  static Expr setBuilder(Expr e) {
    if (e.kind() != Kind.SET || !e.text().equals("builder")) {
      return e;
    }
    Expr set = RelationSets.asSet(e.args().get(1));
    return set != null ? set : e;
  }

  /**
   * Repeated assignments are several solutions: {@code p=5, q=2, p=7, q=2} is the set of {@code (p=5, q=2)} and
   * {@code (p=7, q=2)}, as {@code p=5, q=2; p=7, q=2} reads.
   */
  static Expr groupAssignments(Expr e) {
    if (e.kind() != Kind.LIST || e.args().size() < 4) {
      return e;
    }
    List<String> names = new ArrayList<>();
    for (Expr a : e.args()) {
      if (a.kind() != Kind.REL || !a.text().equals("=") || !MathComparator.isNameLike(a.args().get(0))) {
        return e;
      }
      names.add(Canonical.of(a.args().get(0)));
    }
    int width = names.subList(1, names.size()).indexOf(names.get(0)) + 1;
    if (width < 2 || names.size() % width != 0) {
      return e;
    }
    List<Expr> groups = new ArrayList<>();
    for (int i = 0; i < names.size(); i += width) {
      if (!names.subList(i, i + width).equals(names.subList(0, width))) {
        return e;
      }
      groups.add(Expr.of(Kind.LIST, e.args().subList(i, i + width)));
    }
    return Expr.of(Kind.LIST, groups);
  }

  /** Replaces {@code \pm}: an answer {@code a \pm b} is the list {@code a + b, a - b}. */
  static Expr expandPm(Expr e) {
    if (!e.contains(Kind.PM)) {
      return e;
    }
    if (e.kind() == Kind.LIST || e.kind() == Kind.SET) {
      List<Expr> out = new ArrayList<>();
      for (Expr a : e.args()) {
        Expr x = expandPm(a);
        if (x.kind() == Kind.LIST && a.kind() != Kind.LIST) {
          out.addAll(x.args());
        } else {
          out.add(x);
        }
      }
      return Expr.of(e.kind(), e.text(), out);
    }
    return Expr.of(Kind.LIST, List.of(replacePm(e, true), replacePm(e, false)));
  }

  private static Expr replacePm(Expr e, boolean plus) {
    if (e.kind() == Kind.PM) {
      Expr inner = replacePm(e.args().get(0), plus);
      return plus ? inner : Expr.neg(inner);
    }
    if (e.args().isEmpty()) {
      return e;
    }
    List<Expr> args = new ArrayList<>();
    for (Expr a : e.args()) {
      args.add(replacePm(a, plus));
    }
    return new Expr(e.kind(), e.text(), e.value(), e.isFloat(), args);
  }

  /** For non-strict comparison: renames the candidate's variables to the gold's, in sorted order. */
  static Expr renameLike(Expr p, Expr g) {
    List<String> ps = new ArrayList<>(Evaluator.freeSymbols(p));
    List<String> gs = new ArrayList<>(Evaluator.freeSymbols(g));
    if (ps.size() != gs.size() || ps.equals(gs) || ps.isEmpty()) {
      return p;
    }
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < ps.size(); i++) {
      map.put(ps.get(i), gs.get(i));
    }
    return rename(p, map, 0);
  }

  private static Expr rename(Expr e, Map<String, String> map, int depth) {
    if (depth > 300) {
      return e;
    }
    if (e.kind() == Kind.SYM && map.containsKey(e.text())) {
      return Expr.sym(map.get(e.text()));
    }
    if (e.args().isEmpty()) {
      return e;
    }
    List<Expr> args = new ArrayList<>();
    for (Expr a : e.args()) {
      args.add(rename(a, map, depth + 1));
    }
    return new Expr(e.kind(), e.text(), e.value(), e.isFloat(), args);
  }
}
