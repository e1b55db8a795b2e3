package io.github.ssft4j.voting.internal.math;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a parsed answer: numbers, symbols, arithmetic, functions, relations and the collection types answers
 * use (tuples, sets, intervals, matrices). One record with a {@link Kind} keeps traversal code short.
 *
 * @param kind what the node is
 * @param text the symbol, function or text name; the relation operators of a {@link Kind#REL} chain separated by
 *     spaces; the bracket pair {@code "[)"} of an {@link Kind#INTERVAL}; the column count of a {@link Kind#MATRIX}
 * @param value the value of a {@link Kind#NUM}, else {@code null}
 * @param isFloat whether a {@link Kind#NUM} was written with a decimal point
 * @param args children
 */
public record Expr(Kind kind, String text, Rational value, boolean isFloat, List<Expr> args) {

  /** Node kinds. */
  public enum Kind {
    /** A number. */
    NUM,
    /** A variable or constant ({@code pi}, {@code e}, {@code oo}). */
    SYM,
    /** Words that are not mathematics. */
    TEXT,
    /** A sum. */
    ADD,
    /** A product. */
    MUL,
    /** {@code args[0] ^ args[1]}. */
    POW,
    /** A named function applied to its arguments. */
    FUNC,
    /** A chain of relations {@code a op b op c}. */
    REL,
    /** An ordered tuple; {@code text} is {@code "("} when it could also be an open interval. */
    TUPLE,
    /** A set in braces. */
    SET,
    /** Answers listed with commas, semicolons or words such as "and": compared as a set or as a tuple. */
    LIST,
    /** An interval {@code args[0]..args[1]}. */
    INTERVAL,
    /** A union of intervals or sets. */
    UNION,
    /** A matrix stored row by row. */
    MATRIX,
    /** A percentage. */
    PERCENT,
    /** {@code plus or minus args[0]}, expanded before comparison. */
    PM
  }

  /** Copies the children. */
  public Expr {
    args = List.copyOf(args);
  }

  static Expr num(Rational v, boolean isFloat) {
    return new Expr(Kind.NUM, "", v, isFloat, List.of());
  }

  static Expr num(long v) {
    return num(Rational.of(v), false);
  }

  static Expr sym(String name) {
    return new Expr(Kind.SYM, name, null, false, List.of());
  }

  static Expr text(String words) {
    return new Expr(Kind.TEXT, words, null, false, List.of());
  }

  static Expr of(Kind kind, String text, List<Expr> args) {
    return new Expr(kind, text, null, false, args);
  }

  static Expr of(Kind kind, List<Expr> args) {
    return new Expr(kind, "", null, false, args);
  }

  static Expr func(String name, Expr... args) {
    return new Expr(Kind.FUNC, name, null, false, List.of(args));
  }

  static Expr pow(Expr base, Expr exp) {
    return new Expr(Kind.POW, "", null, false, List.of(base, exp));
  }

  static Expr neg(Expr e) {
    if (e.kind == Kind.NUM) {
      return num(e.value.negate(), e.isFloat);
    }
    return mul(List.of(num(-1), e));
  }

  static Expr mul(List<Expr> factors) {
    List<Expr> flat = new ArrayList<>();
    for (Expr f : factors) {
      if (f.kind == Kind.MUL) {
        flat.addAll(f.args);
      } else {
        flat.add(f);
      }
    }
    return flat.size() == 1 ? flat.get(0) : of(Kind.MUL, flat);
  }

  static Expr add(List<Expr> terms) {
    List<Expr> flat = new ArrayList<>();
    for (Expr t : terms) {
      if (t.kind == Kind.ADD) {
        flat.addAll(t.args);
      } else {
        flat.add(t);
      }
    }
    return flat.size() == 1 ? flat.get(0) : of(Kind.ADD, flat);
  }

  /** @return whether this node or a descendant is a number written with a decimal point */
  public boolean hasFloat() {
    if (kind == Kind.NUM) {
      return isFloat;
    }
    for (Expr a : args) {
      if (a.hasFloat()) {
        return true;
      }
    }
    return false;
  }

  /** @return whether this node or a descendant has the given kind */
  boolean contains(Kind k) {
    if (kind == k) {
      return true;
    }
    for (Expr a : args) {
      if (a.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** @return the number of nodes, for bounding work */
  int size() {
    int n = 1;
    for (Expr a : args) {
      n += a.size();
    }
    return n;
  }

  @Override
  public String toString() {
    return Canonical.of(this);
  }
}
