package io.github.ssft4j.voting.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The comparison rules, one group per seam: numbers, symbolic expressions, collections, relations, rewrites. */
class MathComparatorTest {
  private static final MathComparator.Options DEFAULT = MathComparator.Options.DEFAULT;
  private static final MathComparator.Options ALLOW = new MathComparator.Options(6, true, true);

  private static boolean eq(String gold, String pred) {
    return eq(gold, pred, DEFAULT);
  }

  private static boolean eq(String gold, String pred, MathComparator.Options o) {
    return MathComparator.equivalent(MathParser.parse(gold), MathParser.parse(pred), o);
  }

  @Test
  void exactValuesCompareExactlyAndDecimalsToThePrecision() {
    assertTrue(eq("\\frac{1}{3}", "\\frac{2}{6}"));
    assertTrue(eq("\\frac{1}{3}", "0.333333"));
    assertFalse(eq("\\frac{1}{3}", "0.33"));
    assertTrue(eq("\\frac{1}{3}", "0.33", new MathComparator.Options(2, true, false)));
    assertFalse(eq("2^{100}", "2^{100}+1"));
  }

  @Test
  void expressionsCompareAtRandomPoints() {
    assertTrue(eq("(x+1)^2", "x^2+2x+1"));
    assertFalse(eq("(x+1)^2", "x^2+1"));
    assertTrue(eq("\\sin^2 x + \\cos^2 x", "1"));
    assertTrue(eq("(1+i)^2", "2i"));
  }

  @Test
  void variableNamesMatterOnlyWhenStrict() {
    assertFalse(eq("f(x)", "f(y)"));
    assertTrue(eq("f(x)", "f(y)", new MathComparator.Options(6, false, false)));
  }

  @Test
  void setsAreUnorderedTuplesOrderedAndAOneElementSetIsItsElement() {
    assertTrue(eq("\\{1, 2\\}", "\\{2, 1\\}"));
    assertFalse(eq("(1, 2)", "(2, 1)"));
    assertTrue(eq("\\{5\\}", "5"));
    assertFalse(eq("\\{5, 6\\}", "5"));
  }

  @Test
  void percentagesAreTheirValue() {
    assertTrue(eq("28\\%", "0.28"));
    assertTrue(eq("28\\%", "28 percent"));
    assertFalse(eq("28\\%", "28"));
  }

  @Test
  void assignmentsAreTheirValueAndEquationsEqualUpToAFactor() {
    assertTrue(eq("x = 5", "5"));
    assertTrue(eq("|AB| = 5", "5"));
    assertFalse(eq("2x + z = 1", "1"));
    assertTrue(eq("2x + 2y = 2", "x + y = 1"));
    assertTrue(eq("x < 2", "2 > x"));
    assertFalse(eq("x < 2", "x > 2"));
  }

  @Test
  void aGoldRelationMatchesThePredictedSetItDescribes() {
    assertTrue(eq("1 \\le |z| \\le \\frac32", "[-\\frac32, -1] \\cup [1, \\frac32]"));
    assertTrue(eq("|x - 1| < 3", "(-2, 4)"));
    assertTrue(eq("x \\ne 0", "(-\\infty, 0) \\cup (0, \\infty)"));
    assertTrue(eq("0 < f(x) < 1", "(0, 1)"));
  }

  @Test
  void aPredictedRelationMatchesAGoldSetOnlyWhenAllowed() {
    assertFalse(eq("[-2, 7]", "-2 \\le x \\le 7"));
    assertTrue(eq("[-2, 7]", "-2 \\le x \\le 7", ALLOW));
  }

  @Test
  void matrixExpressionsAreEvaluated() {
    String a = "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}";
    assertTrue(eq("\\begin{pmatrix} 2 & 4 \\\\ 6 & 8 \\end{pmatrix}", a + " + " + a));
    assertTrue(eq("\\begin{pmatrix} 7 & 10 \\\\ 15 & 22 \\end{pmatrix}", a + a));
    assertTrue(eq("\\begin{pmatrix} 2 & 4 \\\\ 6 & 8 \\end{pmatrix}", "2" + a));
    assertFalse(eq(a, "\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}"));
  }

  @Test
  void rewritesBeforeComparison() {
    assertTrue(eq("\\pm 2", "\\{-2, 2\\}"));
    assertTrue(eq("p=5, q=2, p=7, q=2", "p=7, q=2; p=5, q=2"));
    assertTrue(eq("(2, \\infty)", "\\{x \\mid x > 2\\}"));
    assertEquals("list(list(p=5,q=2),list(p=7,q=2))",
        Canonical.of(Rewrites.groupAssignments(MathParser.parse("p=5, q=2, p=7, q=2"))));
  }

  @Test
  void falseStatementsBetweenNumbersAreRecognised() {
    assertTrue(MathComparator.isFalseStatement(MathParser.parse("0 = 102")));
    assertTrue(MathComparator.isFalseStatement(MathParser.parse("3 < 1")));
    assertFalse(MathComparator.isFalseStatement(MathParser.parse("1 + 1 = 2")));
    assertFalse(MathComparator.isFalseStatement(MathParser.parse("x = 102")));
  }
}
