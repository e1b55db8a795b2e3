package io.github.ssft4j.voting.internal.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact rational number {@code num / den} in lowest terms with {@code den > 0}. Operations that would grow a
 * value past {@link #MAX_BITS} return {@code null} so that callers fall back to floating point: exact arithmetic
 * must stay bounded in time on adversarial input such as {@code 10^{10^{10}}}.
 *
 * @param num numerator
 * @param den denominator, positive
 */
public record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
  /** Largest numerator or denominator size, in bits, that exact arithmetic will produce. */
  public static final int MAX_BITS = 4096;

  /** Longest decimal literal read, in characters. */
  public static final int MAX_DIGITS = 1000;

  /** Zero. */
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  /** One. */
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  /** Normalises sign and common factors. */
  public Rational {
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
    if (num.signum() == 0) {
      den = BigInteger.ONE;
    }
  }

  /**
   * @param v an integer
   * @return {@code v / 1}
   */
  public static Rational of(long v) {
    return new Rational(BigInteger.valueOf(v), BigInteger.ONE);
  }

  /**
   * Parses a decimal literal such as {@code 12}, {@code 0.25} or {@code .4}.
   *
   * @param digits the literal: digits with at most one dot, at most {@link #MAX_DIGITS} characters
   * @return its exact value, or {@code null} when it is not such a literal or is longer
   */
  public static Rational parseDecimal(String digits) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
      return null;
    }
    int dot = digits.indexOf('.');
    String intPart = dot < 0 ? digits : digits.substring(0, dot);
    String frac = dot < 0 ? "" : digits.substring(dot + 1);
    String all = intPart + frac;
    if (all.isEmpty()) {
      return null;
    }
    for (int i = 0; i < all.length(); i++) {
      if (all.charAt(i) < '0' || all.charAt(i) > '9') {
        return null;
      }
    }
    return new Rational(new BigInteger(all), BigInteger.TEN.pow(frac.length()));
  }

  /**
   * Parses a repeating decimal such as {@code 0.1} followed by the repeating block {@code 6} ({@code 0.1666...}).
   *
   * @param decimal the digits before the repetition, with a point ({@code 0.1}, {@code 2.})
   * @param block the repeating digits, one to 50
   * @return its exact value ({@code 1/6}), or {@code null} when malformed
   */
  public static Rational parseRepeating(String decimal, String block) {
    String head = decimal.endsWith(".") ? decimal.substring(0, decimal.length() - 1) : decimal;
    Rational fixed = parseDecimal(head.isEmpty() ? "0" : head);
    if (fixed == null || block.isEmpty() || block.length() > 50 || !block.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int places = decimal.indexOf('.') < 0 ? 0 : decimal.length() - decimal.indexOf('.') - 1;
    // 0.1(6) = 0.1 + 6 / (9 * 10^1)
    BigInteger nines = BigInteger.TEN.pow(block.length()).subtract(BigInteger.ONE);
    Rational tail = new Rational(new BigInteger(block), nines.multiply(BigInteger.TEN.pow(places)));
    return fixed.add(tail);
  }

  private static Rational bounded(BigInteger n, BigInteger d) {
    if (n.bitLength() > MAX_BITS || d.bitLength() > MAX_BITS) {
      return null;
    }
    return new Rational(n, d);
  }

  /**
   * Adds, exactly.
   *
   * @param o addend
   * @return the sum, or {@code null} when too large
   */
  public Rational add(Rational o) {
    return bounded(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  /**
   * Multiplies, exactly.
   *
   * @param o factor
   * @return the product, or {@code null} when too large
   */
  public Rational multiply(Rational o) {
    return bounded(num.multiply(o.num), den.multiply(o.den));
  }

  /** @return {@code -this} */
  public Rational negate() {
    return new Rational(num.negate(), den);
  }

  /** @return {@code 1 / this}, or {@code null} for zero */
  public Rational reciprocal() {
    return num.signum() == 0 ? null : new Rational(den, num);
  }

  /**
   * @param exponent an integer exponent
   * @return {@code this^exponent}, or {@code null} when undefined or when the result would exceed
   *     {@link #MAX_BITS} (checked before computing)
   */
  public Rational pow(BigInteger exponent) {
    if (exponent.bitLength() > 31) {
      boolean unit = num.abs().equals(BigInteger.ONE) && den.equals(BigInteger.ONE);
      return unit || num.signum() == 0 && exponent.signum() > 0 ? (unit && num.signum() < 0 && exponent.testBit(0)
          ? of(-1) : (num.signum() == 0 ? ZERO : ONE)) : null;
    }
    int e = exponent.intValue();
    if (e < 0) {
      Rational r = reciprocal();
      return r == null ? null : r.pow(BigInteger.valueOf(-(long) e));
    }
    long bits = (long) Math.max(num.bitLength(), den.bitLength()) * e;
    if (bits > MAX_BITS) {
      return null;
    }
    return new Rational(num.pow(e), den.pow(e));
  }

  /** @return whether the denominator is one */
  public boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  /** @return the sign: -1, 0 or 1 */
  public int signum() {
    return num.signum();
  }

  /** @return the nearest double (may be infinite for huge values) */
  public double toDouble() {
    if (num.bitLength() < 1000 && den.bitLength() < 1000) {
      return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    }
    return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    return isInteger() ? num.toString() : num + "/" + den;
  }
}
