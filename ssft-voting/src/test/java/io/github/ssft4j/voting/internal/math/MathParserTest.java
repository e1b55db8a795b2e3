package io.github.ssft4j.voting.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.voting.internal.math.Expr.Kind;
import org.junit.jupiter.api.Test;

/** The grammar in {@link MathParser}'s Javadoc, rule by rule. */
class MathParserTest {
  private static String display(String latex) {
    return Canonical.display(MathParser.parse(latex));
  }

  private static Kind kind(String latex) {
    return MathParser.parse(latex).kind();
  }

  @Test
  void arithmeticFollowsPrecedence() {
    assertEquals("7", display("1 + 2 \\cdot 3"));
    assertEquals("9", display("(1 + 2) \\times 3"));
    assertEquals("-8", display("-2^3"));
    assertEquals("1/2", display("\\frac{1}{2}"));
    assertEquals("1/2", display("\\frac12"));
    assertEquals("2", display("\\sqrt{4}"));
  }

  @Test
  void anIntegerBeforeAFractionIsAMixedNumber() {
    assertEquals("7/2", display("3\\frac12"));
    assertEquals("-5/2", display("-2\\frac{1}{2}"));
    // A product when the fraction is not of integers.
    assertEquals(Kind.MUL, kind("3\\frac{x}{2}"));
  }

  @Test
  void listsSetsTuplesAndIntervals() {
    assertEquals(Kind.LIST, kind("1, 2 and 3"));
    assertEquals(Kind.SET, kind("\\{1, 2\\}"));
    assertEquals(Kind.TUPLE, kind("(1, 2, 3)"));
    assertEquals(Kind.INTERVAL, kind("[1, 2)"));
    assertEquals(Kind.UNION, kind("(-\\infty, 0) \\cup (1, \\infty)"));
    assertEquals(Kind.LIST, kind("p=5, q=2; p=7, q=2"));
  }

  @Test
  void relationsChainAndMembershipNamesTheSet() {
    Expr r = MathParser.parse("0 < x \\le 1");
    assertEquals(Kind.REL, r.kind());
    assertEquals("< <=", r.text());
    assertEquals(Kind.INTERVAL, kind("x \\in [0, 1]"));
  }

  @Test
  void matricesHaveTheirRowsAndColumns() {
    Expr m = MathParser.parse("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\\\ 5 & 6 \\end{pmatrix}");
    assertEquals(Kind.MATRIX, m.kind());
    assertEquals("2", m.text());
    assertEquals(6, m.args().size());
    Expr column = MathParser.parse("\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}");
    assertEquals("1", column.text());
    assertEquals(2, column.args().size());
    assertNull(MathParser.parse("\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}"), "ragged rows");
  }

  @Test
  void setBuilderNotationKeepsTheVariableAndTheCondition() {
    Expr s = MathParser.parse("\\{x \\mid x > 1\\}");
    assertEquals(Kind.SET, s.kind());
    assertEquals("builder", s.text());
    assertEquals(Kind.REL, s.args().get(1).kind());
  }

  @Test
  void percentagesAndTextAnswers() {
    assertEquals(Kind.PERCENT, kind("28\\%"));
    assertEquals(Kind.TEXT, kind("\\text{Evelyn}"));
  }

  @Test
  void aLimitReachedIsCannotParseNeverAPart() {
    assertTrue(MathParser.analyze("1+".repeat(MathParser.MAX_LENGTH)).limitReached());
    assertTrue(MathParser.analyze("{".repeat(400) + "1" + "}".repeat(400)).limitReached());
    assertTrue(MathParser.analyze("7".repeat(Rational.MAX_DIGITS + 1)).limitReached());
    MathParser.Result notMath = MathParser.analyze("\\frac{1}{");
    assertNull(notMath.expr());
    assertFalse(notMath.limitReached());
  }
}
