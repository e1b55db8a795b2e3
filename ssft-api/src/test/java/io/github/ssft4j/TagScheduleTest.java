package io.github.ssft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagScheduleTest {

  @Test
  void kAtMostNGivesTheFirstKTagsInOrder() {
    assertEquals(List.of(1, 2, 3), TagSchedule.SEQUENTIAL.assign(3, 6, 0));
    assertEquals(List.of(1, 2, 3, 4, 5, 6), TagSchedule.SEQUENTIAL.assign(6, 6, 0));
    assertEquals(List.of(1), TagSchedule.SEQUENTIAL.assign(1, 6, 0));
  }

  @Test
  void thirtyTwoOverSixSplitsSixSixFiveFiveFiveFive() {
    assertArrayEquals(new int[] {6, 6, 5, 5, 5, 5}, TagSchedule.SEQUENTIAL.counts(32, 6, 0));
    List<Integer> tags = TagSchedule.SEQUENTIAL.assign(32, 6, 0);
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 1, 2), tags.subList(0, 8));
    assertEquals(List.of(1, 2), tags.subList(30, 32));
  }

  @ParameterizedTest
  @CsvSource({"1,1", "5,6", "6,6", "7,6", "12,6", "13,6", "32,6", "100,7", "3,10"})
  void everyScheduleIsAFairSplit(int k, int n) {
    for (TagSchedule schedule : List.of(TagSchedule.SEQUENTIAL, TagSchedule.RANDOM)) {
      for (long seed = 0; seed < 5; seed++) {
        int[] counts = schedule.counts(k, n, seed);
        int extra = 0;
        int total = 0;
        for (int c : counts) {
          assertTrue(c == k / n || c == k / n + 1, schedule + " k=" + k + " n=" + n + " count " + c);
          extra += c == k / n + 1 ? 1 : 0;
          total += c;
        }
        assertEquals(k, total);
        assertEquals(k % n, extra);
      }
    }
  }

  @Test
  void randomSubsetIsDistinctSeededAndReproducible() {
    List<Integer> a = TagSchedule.RANDOM.assign(3, 6, 42);
    assertEquals(a, TagSchedule.RANDOM.assign(3, 6, 42));
    assertEquals(3, new HashSet<>(a).size());
    Set<List<Integer>> seen = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      seen.add(TagSchedule.RANDOM.assign(3, 6, seed));
    }
    assertTrue(seen.size() > 5, "random subsets vary with the seed: " + seen);
  }

  @Test
  void randomExtrasGoToASeededSubset() {
    Set<List<Integer>> firsts = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      int[] counts = TagSchedule.RANDOM.counts(8, 6, seed);
      firsts.add(List.of(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]));
    }
    assertTrue(firsts.size() > 3, "which tags get the extra branch depends on the seed");
  }

  @Test
  void badSizesAreRejectedNamingTheField() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> TagSchedule.SEQUENTIAL.assign(0, 6, 0));
    assertTrue(e.getMessage().contains("k must be > 0"), e.getMessage());
    assertThrows(InvalidArgumentException.class, () -> TagSchedule.SEQUENTIAL.assign(3, 0, 0));
  }
}
