package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A canonical spelling of an {@link Expr}: sums and products are sorted so that spellings differing only in the
 * order of commutative terms are equal. Used as a cheap equality test and as the answer's normalized form.
 */
public final class Canonical {
  /** Longest spelling written, in characters; longer trees throw {@link MathParser.LimitReached}. */
  public static final int MAX_LENGTH = 100_000;

  private Canonical() {}

  /**
   * @param e a tree
   * @return its canonical spelling
   * @throws MathParser.LimitReached when it is longer than {@link #MAX_LENGTH} or nested too deeply
   */
  public static String of(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(e, sb, 0);
    return checked(sb);
  }

  /**
   * @param e a tree
   * @return a short display form: the exact value of a rational expression ({@code \frac{2}{4}} is {@code 1/2}),
   *     otherwise the canonical spelling with rational sub-expressions folded
   */
  public static String display(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(e, sb, 0, true);
    return checked(sb);
  }

  private static String checked(StringBuilder sb) {
    if (sb.length() > MAX_LENGTH) {
      throw new MathParser.LimitReached();
    }
    return sb.toString();
  }

  private static void write(Expr e, StringBuilder sb, int depth) {
    write(e, sb, depth, false);
  }

  private static void write(Expr e, StringBuilder sb, int depth, boolean fold) {
    if (depth > 400 || sb.length() > MAX_LENGTH) {
      // A cut spelling could make two different answers equal: refuse instead.
      throw new MathParser.LimitReached();
    }
    if (fold && !e.args().isEmpty() && e.kind() != Kind.PERCENT && e.kind() != Kind.REL && !e.hasFloat()
        && e.size() < 200) {
      Rational v = Evaluator.exact(e);
      if (v != null) {
        sb.append(v);
        return;
      }
    }
    if (fold) {
      switch (e.kind()) {
        case NUM, SYM, TEXT -> {}
        default -> {
          // Fold children, keep this node's shape.
          List<String> parts = new ArrayList<>();
          for (Expr a : e.args()) {
            StringBuilder c = new StringBuilder();
            write(a, c, depth + 1, true);
            parts.add(c.toString());
          }
          appendShape(e, parts, sb);
          return;
        }
      }
    }
    switch (e.kind()) {
      case NUM -> sb.append(e.value());
      case SYM -> sb.append(e.text());
      case TEXT -> sb.append("text(").append(e.text().strip()).append(')');
      case ADD, MUL -> {
        List<String> parts = children(e, depth);
        Collections.sort(parts);
        sb.append(e.kind() == Kind.ADD ? "(" : "").append(String.join(e.kind() == Kind.ADD ? "+" : "*", parts))
            .append(e.kind() == Kind.ADD ? ")" : "");
      }
      case POW -> {
        sb.append('(');
        write(e.args().get(0), sb, depth + 1);
        sb.append(")^(");
        write(e.args().get(1), sb, depth + 1);
        sb.append(')');
      }
      case FUNC -> sb.append(e.text()).append('(').append(String.join(",", children(e, depth))).append(')');
      case REL -> {
        String[] ops = e.text().split(" ");
        for (int i = 0; i < e.args().size(); i++) {
          if (i > 0) {
            sb.append(ops[i - 1]);
          }
          write(e.args().get(i), sb, depth + 1);
        }
      }
      case TUPLE -> sb.append("tuple(").append(String.join(",", children(e, depth))).append(')');
      case SET, LIST -> {
        List<String> parts = children(e, depth);
        if (e.kind() == Kind.SET) {
          Collections.sort(parts);
        }
        sb.append(e.kind() == Kind.SET ? "{" : "list(").append(String.join(",", parts))
            .append(e.kind() == Kind.SET ? "}" : ")");
      }
      case INTERVAL -> sb.append(e.text().charAt(0)).append(String.join(",", children(e, depth)))
          .append(e.text().charAt(1));
      case UNION -> sb.append(String.join(" U ", children(e, depth)));
      case MATRIX -> sb.append("matrix[").append(e.text()).append("](").append(String.join(",", children(e, depth)))
          .append(')');
      case PERCENT -> {
        write(e.args().get(0), sb, depth + 1);
        sb.append('%');
      }
      case PM -> {
        sb.append("pm(");
        write(e.args().get(0), sb, depth + 1);
        sb.append(')');
      }
      default -> sb.append('?');
    }
  }

  private static void appendShape(Expr e, List<String> parts, StringBuilder sb) {
    switch (e.kind()) {
      case ADD, MUL -> {
        List<String> sorted = new ArrayList<>(parts);
        Collections.sort(sorted);
        String op = e.kind() == Kind.ADD ? "+" : "*";
        sb.append(e.kind() == Kind.ADD ? "(" : "").append(String.join(op, sorted))
            .append(e.kind() == Kind.ADD ? ")" : "");
      }
      case POW -> sb.append('(').append(parts.get(0)).append(")^(").append(parts.get(1)).append(')');
      case FUNC -> sb.append(e.text()).append('(').append(String.join(",", parts)).append(')');
      case REL -> {
        String[] ops = e.text().split(" ");
        for (int i = 0; i < parts.size(); i++) {
          sb.append(i > 0 ? ops[i - 1] : "").append(parts.get(i));
        }
      }
      case TUPLE -> sb.append('(').append(String.join(", ", parts)).append(')');
      case SET -> {
        List<String> sorted = new ArrayList<>(parts);
        Collections.sort(sorted);
        sb.append('{').append(String.join(", ", sorted)).append('}');
      }
      case LIST -> sb.append(String.join(", ", parts));
      case INTERVAL -> sb.append(e.text().charAt(0)).append(String.join(", ", parts)).append(e.text().charAt(1));
      case UNION -> sb.append(String.join(" U ", parts));
      case MATRIX -> sb.append("matrix[").append(e.text()).append("](").append(String.join(",", parts)).append(')');
      case PERCENT -> sb.append(parts.get(0)).append('%');
      case PM -> sb.append("pm(").append(parts.get(0)).append(')');
      default -> sb.append('?');
    }
  }

  private static List<String> children(Expr e, int depth) {
    List<String> parts = new ArrayList<>(e.args().size());
    for (Expr a : e.args()) {
      StringBuilder sb = new StringBuilder();
      write(a, sb, depth + 1);
      parts.add(sb.toString());
    }
    return parts;
  }
}
