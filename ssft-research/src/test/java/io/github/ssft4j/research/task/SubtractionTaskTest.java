package io.github.ssft4j.research.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubtractionTaskTest {
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)}\\.$");

  static int boxed(String trace) {
    Matcher m = BOXED.matcher(trace);
    assertTrue(m.find(), trace);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void workedExamplesReadAsIntended() {
    assertEquals("Ones: 2<7, borrow: 12-7=5. Tens: 8-1-4=3. So \\boxed{35}.", SubtractionTask.trace(Strategy.COLUMN, 82, 47));
    assertEquals("Count up from 47. To 50 is 3. To 82 is 32. 3+32=35. So \\boxed{35}.",
        SubtractionTask.trace(Strategy.COUNT_UP, 82, 47));
    assertEquals("Round 47 up to 50. 82-50=32. Add back 3: 32+3=35. So \\boxed{35}.",
        SubtractionTask.trace(Strategy.ROUND, 82, 47));
    assertEquals("Take away 40: 82-40=42. Take away 7: 42-7=35. So \\boxed{35}.",
        SubtractionTask.trace(Strategy.SPLIT, 82, 47));
    assertEquals("Add 3 to both: 85-50=35. So \\boxed{35}.", SubtractionTask.trace(Strategy.SHIFT, 82, 47));
    // the column bug: borrowing from a 0 leaves the tens unreduced
    assertEquals(43, boxed(SubtractionTask.trace(Strategy.COLUMN, 80, 47)));
  }

  @Test
  void everyStrategyIsRecognisedAndErrsOnItsOwnFifth() {
    List<TrainingRecord> all = SubtractionTask.generate(3000, 1L, Set.of());
    int[] wrong = new int[Strategy.values().length];
    int[] wrongCount = new int[6];
    int majorityRight = 0;
    for (TrainingRecord r : all) {
      int truth = Integer.parseInt(r.answer());
      int errors = 0;
      java.util.Map<Integer, Integer> votes = new java.util.HashMap<>();
      for (Strategy s : Strategy.values()) {
        String t = r.traces().get(s.ordinal());
        assertEquals(s, Strategy.identify(t).orElseThrow(), t);
        int got = boxed(t);
        votes.merge(got, 1, Integer::sum);
        if (got != truth) {
          wrong[s.ordinal()]++;
          errors++;
        }
      }
      wrongCount[errors]++;
      int best = votes.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
      majorityRight += best == truth ? 1 : 0;
    }
    for (Strategy s : Strategy.values()) {
      double rate = wrong[s.ordinal()] / 3000.0;
      System.out.printf("[task] %s error rate %.3f%n", s, rate);
      assertTrue(rate > 0.08 && rate < 0.3, s + " error rate " + rate);
    }
    // errors fall on different questions, so a vote over the strategies is right far more often than one strategy
    System.out.printf("[task] questions by number of wrong strategies %s; majority over 5 right on %.3f%n",
        java.util.Arrays.toString(wrongCount), majorityRight / 3000.0);
    assertTrue(majorityRight / 3000.0 > 0.95);
    assertTrue(wrongCount[0] < 3000 * 0.6);
  }

  @Test
  void splitsAreSeededAndDisjoint(@TempDir Path dir) {
    List<Path> files = SubtractionTask.writeSplits(dir, 200, 50, 3L);
    List<TrainingRecord> train = JsonlDataset.read(files.get(0), 6);
    List<TrainingRecord> test = JsonlDataset.read(files.get(1), 6);
    assertEquals(200, train.size());
    assertEquals(50, test.size());
    Set<String> seen = new HashSet<>();
    train.forEach(r -> seen.add(r.question()));
    test.forEach(r -> assertTrue(!seen.contains(r.question()), r.question()));
    assertEquals(SubtractionTask.generate(20, 9L, Set.of()), SubtractionTask.generate(20, 9L, Set.of()));
    assertNotEquals(SubtractionTask.generate(20, 9L, Set.of()), SubtractionTask.generate(20, 10L, Set.of()));
  }

  @Test
  void mixedPhrasingWritesHalfTheQuestionsSpacedAndKeepsTheNumbersOfTheSplits(@TempDir Path dir) throws Exception {
    List<Path> compact = SubtractionTask.writeSplits(dir.resolve("compact"), 200, 100, 3L);
    List<Path> mixed = SubtractionTask.writeSplits(dir.resolve("mixed"), 200, 100, 3L, SubtractionTask.Phrasing.MIXED);
    List<Path> again = SubtractionTask.writeSplits(dir.resolve("again"), 200, 100, 3L,
        SubtractionTask.Phrasing.COMPACT);
    for (int f = 0; f < 2; f++) {
      List<TrainingRecord> c = JsonlDataset.read(compact.get(f), 5);
      List<TrainingRecord> m = JsonlDataset.read(mixed.get(f), 5);
      assertEquals(java.nio.file.Files.readString(compact.get(f)), java.nio.file.Files.readString(again.get(f)));
      long spaced = m.stream().filter(r -> r.question().matches("What is \\d+ - \\d+\\?")).count();
      assertTrue(spaced > m.size() / 4 && spaced < 3 * m.size() / 4, spaced + " of " + m.size());
      for (int i = 0; i < c.size(); i++) {
        assertEquals(c.get(i).question(), m.get(i).question().replace(" - ", "-"));
        assertEquals(c.get(i).traces(), m.get(i).traces());
      }
    }
  }

  @Test
  void badOperandsAreRejected() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> SubtractionTask.trace(Strategy.ROUND, 40, 50));
    assertTrue(e.getMessage().contains("a=40 b=50"));
  }
}
