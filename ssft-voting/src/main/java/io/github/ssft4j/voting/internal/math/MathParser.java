package io.github.ssft4j.voting.internal.math;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import io.github.ssft4j.voting.internal.math.Lexer.Token;
import io.github.ssft4j.voting.internal.math.Lexer.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a LaTeX or plain-text answer ({@code \frac{1}{2}}, {@code (-\infty, 3] \cup [5, \infty)},
 * {@code x = 5}, {@code \begin{pmatrix}1 & 2\end{pmatrix}}, {@code 1/3}) to an {@link Expr}: one recursive-descent
 * grammar over the {@link Lexer}'s tokens, lowest precedence first:
 *
 * <pre>
 * answer     := list (';' list)*                          semicolons separate answers
 * list       := relation ((',' | 'and' | 'or') relation)*
 * relation   := union ('\in' union | (relop union)*)      relop: = &lt; &gt; \le \ge \ne \approx ...
 * union      := ratio ('\cup' ratio)*
 * ratio      := additive (':' additive)?                  A : B, not :=
 * additive   := term (('+' | '-' | '\pm') term)*
 * term       := TEXT+ | unary mixed? (('*' | '\cdot' | '/' | '\div') unary | '%' | unit | power)*
 * mixed      := '\frac' arg arg                           3\frac12 is 3 + 1/2 (integers only)
 * unary      := ('-' | '+' | '\pm') unary | power
 * power      := postfix ('^' arg)?                        postfix: ! and '
 * arg        := '{' answer '}' | DIGIT | '-' arg | primary \frac12 takes one digit per argument
 * primary    := NUMBER ('_' arg)? | NAME ('_' arg)? call? | function | command | matrix | '(' ... ')'
 *             | '[' ... ']' | '{' answer '}' | '|' additive '|'
 * brackets   := '(' a ')' is a; (a, b) a tuple or open interval; [a, b), (a, b] intervals; [a, b, c] a tuple
 * command    := \frac arg arg | \sqrt ('[' additive ']')? arg | \binom arg arg | \{ set \} | \lfloor ...
 *             | \boxed arg | \sum/\prod bounds body | \pi | \infty | \emptyset | function
 * set        := builder | (relation (',' | ';')?)*         builder: var ('\in' additive)? ('\mid'|'|'|':') relation
 * matrix     := \begin{pmatrix|bmatrix|...} cells separated by '&amp;', rows by '\\' (rows of equal length)
 * </pre>
 *
 * <p>Bounded: inputs longer than {@link #MAX_LENGTH} characters, nested deeper than {@link #MAX_DEPTH} levels or
 * with numbers longer than {@link Rational#MAX_DIGITS} digits are refused as over the limit
 * ({@link Result#limitReached()}), never parsed in part.
 *
 * <pre>{@code
 * Expr e = MathParser.parse("\\frac{x+2}{7}");   // null when it is not mathematics
 * }</pre>
 */
public final class MathParser {
  /** Longest candidate answer parsed, in characters. */
  public static final int MAX_LENGTH = 3000;
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 300;

  private static final Set<String> FUNCS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos",
      "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp", "abs", "det", "gcd", "lcm", "max", "min");
  private static final Set<String> RELS = Set.of("=", "<", ">", "<=", ">=", "!=", "leq", "le", "geq", "ge", "neq",
      "ne", "approx", "leqslant", "geqslant", "lt", "gt", "equiv", "sim", "simeq");
  private static final Set<String> INFIX_CMDS = Set.of("cdot", "times", "div", "cup", "cap", "pm", "mp", "in",
      "to", "rightarrow", "Rightarrow", "implies", "setminus", "mid", "colon", "\\\\", "&", "}", "rfloor", "rceil",
      "ast", "over");

  /** Thrown internally on malformed input; never escapes {@link #parse}. */
  static class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseFailure() {
      super(null, null, false, false);
    }
  }

  /**
   * Thrown when input is within the grammar but beyond a size limit (length, nesting, digits): the answer then is
   * "cannot parse", never a parse of part of it.
   */
  public static final class LimitReached extends ParseFailure {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The outcome of parsing one candidate.
   *
   * @param expr the tree, or {@code null} when the text is not mathematics or a limit was reached
   * @param limitReached whether the text is beyond a size limit (so nothing about it is known)
   */
  public record Result(Expr expr, boolean limitReached) {
    static final Result NOT_MATH = new Result(null, false);
    static final Result LIMIT = new Result(null, true);
  }

  private List<Token> toks;
  private int pos;
  private int depth;
  private int absDepth;

  private MathParser(List<Token> toks) {
    this.toks = new ArrayList<>(toks);
  }

  /**
   * @param text a candidate answer, LaTeX or plain
   * @return its tree, or {@code null} when it cannot be parsed (never throws)
   */
  public static Expr parse(String text) {
    return analyze(text).expr();
  }

  /**
   * @param text a candidate answer, LaTeX or plain
   * @return its tree, or why there is none: not mathematics, or beyond a size limit (never throws)
   */
  public static Result analyze(String text) {
    if (text == null) {
      return Result.NOT_MATH;
    }
    if (text.length() > MAX_LENGTH) {
      return Result.LIMIT;
    }
    try {
      String norm = Lexer.normalize(text);
      if (norm.isEmpty()) {
        return Result.NOT_MATH;
      }
      MathParser p = new MathParser(Lexer.lex(norm));
      Expr e = p.top();
      if (p.peek().type() != Type.END) {
        return Result.NOT_MATH;
      }
      return new Result(e, false);
    } catch (LimitReached | StackOverflowError e) {
      return Result.LIMIT;
    } catch (ParseFailure | ArithmeticException | IndexOutOfBoundsException e) {
      return Result.NOT_MATH;
    }
  }

  private Token peek() {
    return toks.get(pos);
  }

  private Token next() {
    Token t = toks.get(pos);
    if (t.type() != Type.END) {
      pos++;
    }
    return t;
  }

  private void expectOp(String op) {
    Token t = next();
    if (!(t.type() == Type.OP && t.text().equals(op))) {
      throw new ParseFailure();
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new LimitReached();
    }
  }

  private Expr top() {
    return semiList();
  }

  private boolean atStop() {
    Token t = peek();
    return t.type() == Type.END || t.isOp(")") || t.isOp("]") || t.isOp("}") || t.is(Type.CMD, "}")
        || t.is(Type.CMD, "\\\\") || t.isOp("&") || t.is(Type.CMD, "rfloor") || t.is(Type.CMD, "rceil")
        || absDepth > 0 && t.isOp("|");
  }

  /** {@code a; b; c}: answers separated by semicolons. */
  private Expr semiList() {
    List<Expr> items = new ArrayList<>();
    while (true) {
      if (!peek().isOp(";")) {
        Expr e = commaList();
        if (e != null) {
          items.add(e);
        }
      }
      if (peek().isOp(";")) {
        next();
      } else {
        break;
      }
    }
    if (items.isEmpty()) {
      throw new ParseFailure();
    }
    return items.size() == 1 ? items.get(0) : Expr.of(Kind.LIST, items);
  }

  private boolean isListSeparator(Token t) {
    return t.isOp(",") || t.type() == Type.WORD && (t.text().equals("and") || t.text().equals("or"))
        || t.type() == Type.TEXT && Set.of("and", "or", ",", "und", "et", "y").contains(t.text().strip());
  }

  /** {@code a, b and c}; returns null when empty. */
  private Expr commaList() {
    List<Expr> items = new ArrayList<>();
    while (true) {
      while (isListSeparator(peek())) {
        next();
      }
      if (atStop() || peek().isOp(";")) {
        break;
      }
      items.add(relation());
      if (!isListSeparator(peek())) {
        break;
      }
    }
    if (items.isEmpty()) {
      return null;
    }
    return items.size() == 1 ? items.get(0) : Expr.of(Kind.LIST, items);
  }

  private String relOp(Token t) {
    if (t.type() == Type.OP && (t.text().equals("=") || t.text().equals("<") || t.text().equals(">")
        || t.text().equals("<=") || t.text().equals(">=") || t.text().equals("!="))) {
      return t.text().equals("!=") ? "!=" : t.text();
    }
    if (t.type() == Type.CMD && RELS.contains(t.text())) {
      return switch (t.text()) {
        case "leq", "le", "leqslant" -> "<=";
        case "geq", "ge", "geqslant" -> ">=";
        case "neq", "ne" -> "!=";
        case "lt" -> "<";
        case "gt" -> ">";
        case "approx", "sim", "simeq" -> "~";
        default -> "=";
      };
    }
    return null;
  }

  /** {@code a = b < c}, {@code x \in S}, {@code A : B}. */
  private Expr relation() {
    enter();
    Expr first = union();
    if (peek().is(Type.CMD, "in")) {
      next();
      Expr set = union();
      depth--;
      return first.kind() == Kind.SYM || first.kind() == Kind.TUPLE ? set : Expr.of(Kind.REL, "in", List.of(first, set));
    }
    List<Expr> operands = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    operands.add(first);
    String op;
    while ((op = relOp(peek())) != null) {
      next();
      ops.add(op);
      operands.add(union());
    }
    depth--;
    if (ops.isEmpty()) {
      return first;
    }
    return Expr.of(Kind.REL, String.join(" ", ops), operands);
  }

  private Expr union() {
    Expr first = ratio();
    if (!peek().is(Type.CMD, "cup")) {
      return first;
    }
    List<Expr> parts = new ArrayList<>(List.of(first));
    while (peek().is(Type.CMD, "cup")) {
      next();
      parts.add(ratio());
    }
    return Expr.of(Kind.UNION, parts);
  }

  private Expr ratio() {
    Expr a = additive();
    if (peek().isOp(":") && !toks.get(pos + 1).isOp("=")) {
      next();
      Expr b = additive();
      return Expr.func("ratio", a, b);
    }
    return a;
  }

  private Expr additive() {
    enter();
    List<Expr> terms = new ArrayList<>();
    terms.add(term());
    while (true) {
      Token t = peek();
      if (t.isOp("+")) {
        next();
        terms.add(term());
      } else if (t.isOp("-")) {
        next();
        terms.add(Expr.neg(term()));
      } else if (t.is(Type.CMD, "pm") || t.is(Type.CMD, "mp")) {
        next();
        terms.add(Expr.of(Kind.PM, List.of(term())));
      } else {
        break;
      }
    }
    depth--;
    return Expr.add(terms);
  }

  private boolean startsFactor(Token t) {
    return switch (t.type()) {
      case NUM, ID, ENV -> true;
      case WORD -> !t.text().equals("and") && !t.text().equals("or");
      case CMD -> !INFIX_CMDS.contains(t.text()) && !RELS.contains(t.text());
      case OP -> t.text().equals("(") || t.text().equals("{") || t.text().equals("|") && absDepth == 0;
      default -> false;
    };
  }

  private Expr term() {
    enter();
    List<Expr> factors = new ArrayList<>();
    Token first = peek();
    if (first.type() == Type.TEXT) {
      // Words on their own are a text answer such as \text{Evelyn}.
      next();
      StringBuilder words = new StringBuilder(first.text());
      while (peek().type() == Type.TEXT || peek().type() == Type.ID) {
        words.append(next().text());
      }
      if (atStop() || isListSeparator(peek()) || relOp(peek()) != null || peek().isOp(";")) {
        depth--;
        return Expr.text(words.toString());
      }
    }
    factors.add(unary());
    mixedNumber(factors);
    while (true) {
      Token t = peek();
      if (t.isOp("*") || t.is(Type.CMD, "cdot") || t.is(Type.CMD, "times") || t.is(Type.CMD, "ast")) {
        next();
        factors.add(unary());
      } else if (t.isOp("/") || t.is(Type.CMD, "div")) {
        next();
        factors.add(Expr.pow(unary(), Expr.num(-1)));
      } else if (t.type() == Type.TEXT && !isListSeparator(t)) {
        // A unit after a quantity (10\text{ cm}^2): dropped.
        next();
        if (peek().isOp("^")) {
          next();
          arg();
        }
      } else if (t.isOp("%")) {
        next();
        Expr all = Expr.mul(factors);
        factors.clear();
        factors.add(Expr.of(Kind.PERCENT, List.of(all)));
      } else if (startsFactor(t)) {
        factors.add(power());
      } else {
        break;
      }
    }
    depth--;
    return Expr.mul(factors);
  }

  /** {@code 3\frac{1}{2}} is the mixed number 3.5, not a product: an integer followed by a fraction of integers. */
  private void mixedNumber(List<Expr> factors) {
    Expr whole = factors.get(factors.size() - 1);
    boolean negative = whole.kind() == Kind.NUM && whole.value().signum() < 0;
    if (factors.size() != 1 || whole.kind() != Kind.NUM || whole.isFloat() || !whole.value().isInteger()
        || !peek().is(Type.CMD, "frac")) {
      return;
    }
    int save = pos;
    List<Token> saved = new ArrayList<>(toks);
    next();
    Expr a = arg();
    Expr b = arg();
    if (a.kind() == Kind.NUM && b.kind() == Kind.NUM && a.value().isInteger() && b.value().isInteger()
        && b.value().signum() > 0 && a.value().signum() >= 0 && !startsFactor(peek()) && !peek().isOp("^")) {
      Rational frac = a.value().multiply(b.value().reciprocal());
      Rational v = negative ? whole.value().add(frac.negate()) : whole.value().add(frac);
      factors.set(0, Expr.num(v, false));
      return;
    }
    pos = save;
    toks = saved;
  }

  private Expr unary() {
    enter();
    Token t = peek();
    Expr r;
    if (t.isOp("-")) {
      next();
      r = Expr.neg(unary());
    } else if (t.isOp("+")) {
      next();
      r = unary();
    } else if (t.is(Type.CMD, "pm") || t.is(Type.CMD, "mp")) {
      next();
      r = Expr.of(Kind.PM, List.of(unary()));
    } else {
      r = power();
    }
    depth--;
    return r;
  }

  private Expr power() {
    enter();
    Expr base = postfix(primary());
    if (peek().isOp("^")) {
      next();
      Expr exp = arg();
      base = postfix(Expr.pow(base, exp));
    }
    depth--;
    return base;
  }

  private Expr postfix(Expr e) {
    while (true) {
      if (peek().isOp("!")) {
        next();
        e = Expr.func("factorial", e);
      } else if (peek().isOp("'")) {
        next();
        e = Expr.func("prime", e);
      } else {
        return e;
      }
    }
  }

  /** A command argument: a braced group, one digit, one letter or one command. */
  private Expr arg() {
    enter();
    Token t = peek();
    Expr r;
    if (t.isOp("{")) {
      next();
      r = peek().isOp("}") ? Expr.text("") : semiList();
      expectOp("}");
    } else if (t.type() == Type.NUM) {
      next();
      if (t.text().length() > 1 && !t.text().startsWith(".")) {
        // \frac12: the argument is the first digit only.
        toks.add(pos, new Token(Type.NUM, t.text().substring(1), null));
        r = number(t.text().substring(0, 1));
      } else {
        r = number(t.text());
      }
    } else if (t.isOp("-")) {
      next();
      r = Expr.neg(arg());
    } else {
      r = primary();
    }
    depth--;
    return r;
  }

  private Expr number(String digits) {
    if (digits.length() > Rational.MAX_DIGITS) {
      throw new LimitReached();
    }
    int bar = digits.indexOf('(');
    Rational v = bar < 0 ? Rational.parseDecimal(digits) : Rational.parseRepeating(digits.substring(0, bar),
        digits.substring(bar + 1, digits.length() - 1));
    if (v == null) {
      throw new ParseFailure();
    }
    if (bar >= 0) {
      return Expr.num(v, false);
    }
    return Expr.num(v, digits.contains("."));
  }

  private String subscript() {
    if (!peek().isOp("_")) {
      return "";
    }
    next();
    return "_" + Canonical.of(arg());
  }

  private Expr primary() {
    enter();
    Token t = next();
    Expr r = switch (t.type()) {
      case NUM -> {
        String sub = subscript();
        yield sub.isEmpty() ? number(t.text()) : Expr.sym(t.text() + sub);
      }
      case ID -> identifier(t.text());
      case WORD -> word(t.text());
      case CMD -> command(t.text());
      case ENV -> matrix(t);
      case TEXT -> Expr.text(t.text());
      case OP -> bracket(t.text());
      default -> throw new ParseFailure();
    };
    depth--;
    return r;
  }

  private Expr identifier(String name) {
    String sub = subscript();
    if (sub.isEmpty() && "fghFGH".contains(name) && peek().isOp("(")) {
      next();
      List<Expr> args = new ArrayList<>();
      while (!peek().isOp(")")) {
        args.add(relation());
        if (peek().isOp(",")) {
          next();
        } else if (!peek().isOp(")")) {
          throw new ParseFailure();
        }
      }
      next();
      return new Expr(Kind.FUNC, "fn:" + name, null, false, args);
    }
    return Expr.sym(name + sub);
  }

  private Expr word(String w) {
    return switch (w) {
      case "pi" -> Expr.sym("pi");
      case "infty", "infinity", "oo" -> Expr.sym("oo");
      case "sqrt" -> Expr.pow(arg(), Expr.num(new Rational(BigInteger.ONE, BigInteger.TWO), false));
      default -> function(w);
    };
  }

  private Expr function(String name) {
    Expr power = null;
    Expr base = null;
    if (peek().isOp("_")) {
      next();
      base = arg();
    }
    if (peek().isOp("^")) {
      next();
      power = arg();
    }
    Expr argument;
    if (peek().isOp("(")) {
      next();
      argument = semiList();
      expectOp(")");
    } else {
      argument = power();
    }
    Expr f = name.equals("log") && base != null ? Expr.func("logb", argument, base) : Expr.func(name, argument);
    return power == null ? f : Expr.pow(f, power);
  }

  private Expr command(String name) {
    switch (name) {
      case "frac" -> {
        Expr a = arg();
        Expr b = arg();
        return Expr.mul(List.of(a, Expr.pow(b, Expr.num(-1))));
      }
      case "binom" -> {
        return Expr.func("binom", arg(), arg());
      }
      case "sqrt" -> {
        Expr index = Expr.num(2);
        if (peek().isOp("[")) {
          next();
          index = additive();
          expectOp("]");
        }
        return Expr.pow(arg(), Expr.pow(index, Expr.num(-1)));
      }
      case "pi" -> {
        return Expr.sym("pi");
      }
      case "infty", "infinity" -> {
        return Expr.sym("oo");
      }
      case "emptyset", "varnothing" -> {
        return Expr.of(Kind.SET, List.of());
      }
      case "{" -> {
        Expr builder = setBuilder();
        if (builder != null) {
          return builder;
        }
        List<Expr> items = new ArrayList<>();
        while (!peek().is(Type.CMD, "}")) {
          if (peek().type() == Type.END) {
            throw new ParseFailure();
          }
          if (peek().isOp(",") || peek().isOp(";")) {
            next();
            continue;
          }
          items.add(relation());
        }
        next();
        return Expr.of(Kind.SET, items);
      }
      case "lfloor", "lceil" -> {
        Expr inner = additive();
        Token close = next();
        if (close.type() != Type.CMD) {
          throw new ParseFailure();
        }
        return Expr.func(name.equals("lfloor") ? "floor" : "ceil", inner);
      }
      case "boxed", "fbox", "mathop" -> {
        return arg();
      }
      case "sum", "prod" -> {
        Expr lo = Expr.text("");
        Expr hi = Expr.text("");
        for (int i = 0; i < 2; i++) {
          if (peek().isOp("_")) {
            next();
            lo = arg();
          } else if (peek().isOp("^")) {
            next();
            hi = arg();
          }
        }
        List<Expr> body = new ArrayList<>();
        body.add(power());
        while (startsFactor(peek())) {
          body.add(power());
        }
        return Expr.func(name, lo, hi, Expr.mul(body));
      }
      case "|" -> {
        return abs();
      }
      default -> {
        if (FUNCS.contains(name)) {
          return function(name);
        }
        if (INFIX_CMDS.contains(name) || RELS.contains(name)) {
          throw new ParseFailure();
        }
        return Expr.sym("\\" + name);
      }
    }
  }

  /**
   * Set-builder notation after {@code \\{}: {@code x \\mid x > 1}, {@code x : x > 1}, {@code x \\in \\mathbb{R} \\mid
   * x > 1}, as a {@link Kind#SET} with text {@code "builder"} holding the variable and the condition; {@code null}
   * (nothing consumed) when the braces hold a plain list.
   */
  private Expr setBuilder() {
    int save = pos;
    int saveDepth = depth;
    try {
      Expr var = additive();
      if (peek().is(Type.CMD, "in")) {
        next();
        additive();
      }
      if (!(peek().is(Type.CMD, "mid") || peek().isOp("|") || peek().isOp(":") || peek().is(Type.CMD, "colon"))) {
        throw new ParseFailure();
      }
      next();
      Expr condition = relation();
      if (!peek().is(Type.CMD, "}") || condition.kind() != Kind.REL) {
        throw new ParseFailure();
      }
      next();
      return Expr.of(Kind.SET, "builder", List.of(var, condition));
    } catch (LimitReached e) {
      throw e;
    } catch (ParseFailure e) {
      pos = save;
      depth = saveDepth;
      return null;
    }
  }

  private Expr abs() {
    absDepth++;
    Expr inner = additive();
    absDepth--;
    Token close = next();
    if (!(close.isOp("|") || close.is(Type.CMD, "|"))) {
      throw new ParseFailure();
    }
    return Expr.func("abs", inner);
  }

  private Expr bracket(String open) {
    switch (open) {
      case "(", "[" -> {
        List<Expr> items = new ArrayList<>();
        int savedAbs = absDepth;
        absDepth = 0;
        while (true) {
          Expr e = commaListNoAnd();
          if (e != null) {
            items.add(e);
          }
          if (peek().isOp(",") || peek().isOp(";")) {
            next();
          } else {
            break;
          }
        }
        absDepth = savedAbs;
        Token close = next();
        if (!(close.isOp(")") || close.isOp("]"))) {
          throw new ParseFailure();
        }
        if (items.isEmpty()) {
          throw new ParseFailure();
        }
        String pair = open + close.text();
        if (items.size() == 1) {
          if (!pair.equals("()") && !pair.equals("[]")) {
            throw new ParseFailure();
          }
          return items.get(0);
        }
        if (pair.equals("()")) {
          return Expr.of(Kind.TUPLE, items.size() == 2 ? "(" : "", items);
        }
        if (items.size() == 2) {
          return Expr.of(Kind.INTERVAL, pair, items);
        }
        if (pair.equals("[]")) {
          return Expr.of(Kind.TUPLE, "", items);
        }
        throw new ParseFailure();
      }
      case "{" -> {
        if (peek().isOp("}")) {
          next();
          return Expr.of(Kind.SET, List.of());
        }
        Expr inner = semiList();
        expectOp("}");
        return inner.kind() == Kind.LIST ? Expr.of(Kind.SET, inner.args()) : inner;
      }
      case "|" -> {
        return abs();
      }
      default -> throw new ParseFailure();
    }
  }

  /** One element inside brackets: a relation (no comma lists). */
  private Expr commaListNoAnd() {
    if (atStop() || peek().isOp(",") || peek().isOp(";")) {
      return null;
    }
    return relation();
  }

  private Expr matrix(Token env) {
    String name = env.env();
    if (!Set.of("pmatrix", "bmatrix", "matrix", "vmatrix", "Bmatrix", "Vmatrix", "smallmatrix", "array")
        .contains(name)) {
      throw new ParseFailure();
    }
    List<Token> inner = Lexer.lex(env.text());
    MathParser sub = new MathParser(inner);
    sub.depth = depth;
    List<List<Expr>> rows = new ArrayList<>();
    List<Expr> row = new ArrayList<>();
    while (true) {
      Token t = sub.peek();
      if (t.type() == Type.END) {
        break;
      }
      if (t.isOp("&")) {
        sub.next();
        continue;
      }
      if (t.is(Type.CMD, "\\\\")) {
        sub.next();
        if (!row.isEmpty()) {
          rows.add(row);
        }
        row = new ArrayList<>();
        continue;
      }
      row.add(sub.relation());
      Token after = sub.peek();
      if (!(after.isOp("&") || after.is(Type.CMD, "\\\\") || after.type() == Type.END)) {
        throw new ParseFailure();
      }
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new ParseFailure();
    }
    int cols = rows.get(0).size();
    List<Expr> cells = new ArrayList<>();
    for (List<Expr> r : rows) {
      if (r.size() != cols) {
        throw new ParseFailure();
      }
      cells.addAll(r);
    }
    Expr m = Expr.of(Kind.MATRIX, Integer.toString(cols), cells);
    return name.equals("vmatrix") || name.equals("Vmatrix") ? Expr.func("det", m) : m;
  }
}
