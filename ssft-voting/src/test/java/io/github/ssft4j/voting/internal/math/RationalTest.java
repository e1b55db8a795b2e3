package io.github.ssft4j.voting.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RationalTest {
  private static Rational r(long n, long d) {
    return new Rational(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  @Test
  void valuesAreInLowestTermsWithAPositiveDenominator() {
    assertEquals(r(1, 2), r(-3, -6));
    assertEquals("-2/3", r(4, -6).toString());
    assertEquals("0", r(0, -5).toString());
    assertThrows(ArithmeticException.class, () -> r(1, 0));
  }

  @Test
  void arithmeticIsExact() {
    assertEquals(r(5, 6), r(1, 2).add(r(1, 3)));
    assertEquals(r(1, 6), r(1, 2).multiply(r(1, 3)));
    assertEquals(r(-2, 1), r(1, -2).reciprocal());
    assertNull(Rational.ZERO.reciprocal());
    assertEquals(r(1, 8), r(2, 1).pow(BigInteger.valueOf(-3)));
  }

  @Test
  void decimalsParseExactly() {
    assertEquals(r(1, 4), Rational.parseDecimal("0.25"));
    assertEquals(r(2, 5), Rational.parseDecimal(".4"));
    assertNull(Rational.parseDecimal("1.2.3"));
    assertNull(Rational.parseDecimal("7".repeat(Rational.MAX_DIGITS + 1)));
  }

  @Test
  void repeatingDecimalsAreTheFractionTheyStandFor() {
    assertEquals(r(1, 3), Rational.parseRepeating("0.", "3"));
    assertEquals(r(1, 6), Rational.parseRepeating("0.1", "6"));
    assertEquals(r(4, 33), Rational.parseRepeating("0.", "12"));
    assertEquals(r(7, 3), Rational.parseRepeating("2.", "3"));
  }

  @Test
  void growthPastTheBitLimitIsRefusedBeforeComputing() {
    Rational big = new Rational(BigInteger.TWO.pow(Rational.MAX_BITS - 1), BigInteger.ONE);
    assertNull(big.multiply(big));
    assertNull(r(10, 1).pow(BigInteger.valueOf(10_000)));
    assertEquals(Rational.ONE, r(1, 1).pow(BigInteger.TEN.pow(40)));
    assertTrue(r(1, 3).compareTo(r(1, 2)) < 0);
  }
}
