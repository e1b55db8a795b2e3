package io.github.ssft4j.train.internal.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ssft4j.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class WarmupCosineTest {
  @Test
  void warmsUpLinearlyThenDecaysByCosineToTheFloor() {
    WarmupCosine s = new WarmupCosine(1e-3, 10, 110, 0.1);
    assertEquals(1e-4, s.at(0), 1e-12);
    assertEquals(5e-4, s.at(4), 1e-12);
    assertEquals(1e-3, s.at(9), 1e-12);
    assertEquals(1e-3, s.at(10), 1e-12);
    // halfway through the decay: floor + (peak - floor) / 2
    assertEquals(1e-4 + 0.5 * 9e-4, s.at(10 + 99 / 2) + 0 * s.at(0), 1e-5);
    assertEquals(1e-4, s.at(109), 1e-12);
    for (int i = 11; i < 110; i++) {
      assertEquals(true, s.at(i) <= s.at(i - 1));
    }
  }

  @Test
  void rejectsBadRanges() {
    assertThrows(InvalidArgumentException.class, () -> new WarmupCosine(1e-3, 10, 10, 0.1));
    assertThrows(InvalidArgumentException.class, () -> new WarmupCosine(0, 0, 10, 0.1));
    assertThrows(InvalidArgumentException.class, () -> new WarmupCosine(1e-3, 0, 10, 1.5));
  }
}
