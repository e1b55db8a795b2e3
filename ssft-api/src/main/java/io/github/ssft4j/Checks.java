package io.github.ssft4j;

/** Argument checks that throw {@link InvalidArgumentException} naming the field and the value at fault. */
final class Checks {
  private Checks() {}

  static int positive(String field, int value) {
    if (value <= 0) {
      throw new InvalidArgumentException(field + " must be > 0, got " + value);
    }
    return value;
  }

  static int nonNegative(String field, int value) {
    if (value < 0) {
      throw new InvalidArgumentException(field + " must be >= 0, got " + value);
    }
    return value;
  }

  static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidArgumentException(field + " must not be null");
    }
    return value;
  }
}
