package io.github.ssft4j.voting.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalTest {
  private static String of(String latex) {
    return Canonical.of(MathParser.parse(latex));
  }

  @Test
  void commutativeTermsAndFactorsSpellTheSameInAnyOrder() {
    assertEquals(of("x + 2y"), of("2y + x"));
    assertEquals(of("a b c"), of("c a b"));
    assertEquals(of("\\{3, 1, 2\\}"), of("\\{1, 2, 3\\}"));
  }

  @Test
  void orderMattersWhereItShould() {
    assertNotEquals(of("(1, 2)"), of("(2, 1)"));
    assertNotEquals(of("x - 1"), of("1 - x"));
    assertNotEquals(of("[1, 2)"), of("(1, 2]"));
  }

  @Test
  void displayFoldsRationalValues() {
    assertEquals("1/2", Canonical.display(MathParser.parse("\\frac{2}{4}")));
    assertEquals("(1/2, 3)", Canonical.display(MathParser.parse("(\\frac{1}{2}, 1+2)")));
    assertEquals("28%", Canonical.display(MathParser.parse("28\\%")));
  }

  @Test
  void aSpellingTooLongIsRefusedNotCut() {
    List<Expr> items = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      items.add(Expr.num(1_000_000 + i));
    }
    Expr huge = Expr.of(Expr.Kind.LIST, items);
    assertThrows(MathParser.LimitReached.class, () -> Canonical.of(huge));
  }
}
