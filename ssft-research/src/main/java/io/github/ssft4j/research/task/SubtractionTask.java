package io.github.ssft4j.research.task;

import io.github.ssft4j.train.internal.hf.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic parallel-reasoning task: two-digit subtraction {@code a - b} (both in 10..99, {@code a > b}, the
 * subtrahend's ones digit not 0), each question answered by all five {@link Strategy strategies}, each of which
 * has its own systematic bug on about a fifth of the questions. Traces end with {@code \boxed{answer}}; the
 * record's {@code answer} is always the true difference.
 *
 * <pre>{@code
 * SubtractionTask.writeSplits(dir, 4000, 500, 7L); // train.jsonl and test.jsonl, disjoint questions
 * }</pre>
 */
public final class SubtractionTask {
  private SubtractionTask() {}

  /** How questions are written. */
  public enum Phrasing {
    /** Every question as {@code What is 83-47?} (what the results pages used). */
    COMPACT,
    /** Half the questions, drawn at random, as {@code What is 83 - 47?}: a model learns to read both. */
    MIXED;

    List<TrainingRecord> apply(List<TrainingRecord> records, long seed) {
      if (this == COMPACT) {
        return records;
      }
      SplittableRandom random = new SplittableRandom(seed);
      List<TrainingRecord> out = new ArrayList<>(records.size());
      for (TrainingRecord r : records) {
        String q = random.nextBoolean() ? r.question().replace("-", " - ") : r.question();
        out.add(new TrainingRecord(q, r.traces(), r.answer(), r.system()));
      }
      return out;
    }
  }

  /** A question {@code a - b}. */
  record Problem(int a, int b) {
    int diff() {
      return a - b;
    }

    String question() {
      return "What is " + a + "-" + b + "?";
    }
  }

  /**
   * Writes the trace of {@code strategy} for {@code a - b}, with the strategy's bug where its slice applies.
   *
   * @param strategy how to solve it
   * @param a the minuend, 11..99
   * @param b the subtrahend, 11..99, {@code b < a}, ones digit not 0
   * @return the trace text ending in {@code \boxed{...}.}
   */
  public static String trace(Strategy strategy, int a, int b) {
    if (a > 99 || b < 11 || b >= a || b % 10 == 0) {
      throw new InvalidArgumentException("need 11 <= b < a <= 99 and b % 10 != 0, got a=" + a + " b=" + b);
    }
    int at = a / 10;
    int ao = a % 10;
    int bt = b / 10;
    int bo = b % 10;
    int d = a - b;
    switch (strategy) {
      case COLUMN -> {
        if (ao >= bo) {
          int tens = at - bt;
          return "Ones: " + ao + "-" + bo + "=" + (ao - bo) + ". Tens: " + at + "-" + bt + "=" + tens + ". So \\boxed{"
              + (tens * 10 + ao - bo) + "}.";
        }
        int ones = ao + 10 - bo;
        // Bug: borrowing from a 0 or 1 in the ones, the tens are not reduced.
        boolean bug = ao <= 1;
        int tens = bug ? at - bt : at - 1 - bt;
        String tensText = bug ? at + "-" + bt : at + "-1-" + bt;
        return "Ones: " + ao + "<" + bo + ", borrow: " + (ao + 10) + "-" + bo + "=" + ones + ". Tens: " + tensText + "="
            + tens + ". So \\boxed{" + (tens * 10 + ones) + "}.";
      }
      case COUNT_UP -> {
        int next = (bt + 1) * 10;
        if (next >= a) {
          return "Count up from " + b + " to " + a + ": " + d + ". So \\boxed{" + d + "}.";
        }
        // Bug: from an 8 or 9 the first leg is counted one too many.
        int first = next - b + (bo >= 8 ? 1 : 0);
        int second = a - next;
        return "Count up from " + b + ". To " + next + " is " + first + ". To " + a + " is " + second + ". " + first + "+"
            + second + "=" + (first + second) + ". So \\boxed{" + (first + second) + "}.";
      }
      case ROUND -> {
        int up = (bt + 1) * 10;
        int rest = a - up;
        // Bug: with a 3 or 4 in the ones, the ones digit is added back instead of the rounding distance.
        int back = (bo == 3 || bo == 4) ? bo : up - b;
        return "Round " + b + " up to " + up + ". " + a + "-" + up + "=" + rest + ". Add back " + back + ": " + rest + "+"
            + back + "=" + (rest + back) + ". So \\boxed{" + (rest + back) + "}.";
      }
      case SPLIT -> {
        int mid = a - bt * 10;
        // Bug: crossing a ten in the tens 4 to 6, the smaller ones digit is taken from the larger.
        boolean bug = ao < bo && at >= 4 && at <= 6;
        int end = bug ? (mid / 10) * 10 + (bo - ao) : mid - bo;
        return "Take away " + (bt * 10) + ": " + a + "-" + (bt * 10) + "=" + mid + ". Take away " + bo + ": " + mid + "-" + bo
            + "=" + end + ". So \\boxed{" + end + "}.";
      }
      case SHIFT -> {
        int add = 10 - bo;
        int up = b + add;
        // Bug: when the ones digits are equal or one apart, the carry of a + add is dropped.
        int shifted = (ao - bo == 0 || ao - bo == 1) ? a + add - 10 : a + add;
        return "Add " + add + " to both: " + shifted + "-" + up + "=" + (shifted - up) + ". So \\boxed{" + (shifted - up)
            + "}.";
      }
      default -> throw new IllegalStateException(strategy.toString());
    }
  }

  /**
   * @param count how many distinct questions
   * @param seed the generator's seed
   * @param exclude questions not to produce (e.g. the other split's)
   * @return records with the five traces in {@link Strategy} order
   */
  public static List<TrainingRecord> generate(int count, long seed, Set<String> exclude) {
    if (count < 0) {
      throw new InvalidArgumentException("the number of questions must be >= 0, got " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Set<String> seen = new HashSet<>(exclude);
    List<TrainingRecord> out = new ArrayList<>(count);
    int attempts = 0;
    while (out.size() < count) {
      if (++attempts > count * 50 + 10000) {
        throw new InvalidArgumentException("cannot make " + count + " distinct questions (about 3600 exist)");
      }
      int b = 11 + random.nextInt(88);
      if (b % 10 == 0 || b >= 99) {
        continue;
      }
      int a = b + 1 + random.nextInt(99 - b);
      Problem p = new Problem(a, b);
      if (!seen.add(p.question())) {
        continue;
      }
      List<String> traces = new ArrayList<>();
      for (Strategy s : Strategy.values()) {
        traces.add(trace(s, a, b));
      }
      // no system message: the traces teach the \boxed{} format, and a shorter prompt keeps every pass cheaper
      out.add(new TrainingRecord(p.question(), traces, Integer.toString(p.diff()), null));
    }
    return out;
  }

  /**
   * Writes {@code train.jsonl} and {@code test.jsonl} with disjoint questions, atomically.
   *
   * @param dir the folder to write into
   * @param trainCount training questions
   * @param testCount held-out questions
   * @param seed the seed
   * @return the two files, train first
   */
  public static List<Path> writeSplits(Path dir, int trainCount, int testCount, long seed) {
    return writeSplits(dir, trainCount, testCount, seed, Phrasing.COMPACT);
  }

  /**
   * Like {@link #writeSplits(Path, int, int, long)}, with the questions written as {@code phrasing} says; the
   * splits hold the same numbers whatever the phrasing (with {@link Phrasing#COMPACT} the files are identical).
   *
   * @param dir the folder to write into
   * @param trainCount training questions
   * @param testCount held-out questions
   * @param seed the seed
   * @param phrasing how questions are written
   * @return the two files, train first
   */
  public static List<Path> writeSplits(Path dir, int trainCount, int testCount, long seed, Phrasing phrasing) {
    if (trainCount < 0 || testCount < 0) {
      throw new InvalidArgumentException("train and test question counts must be >= 0, got train " + trainCount
          + ", test " + testCount);
    }
    List<TrainingRecord> test = generate(testCount, seed * 31 + 1, Set.of());
    Set<String> testQuestions = new HashSet<>();
    test.forEach(r -> testQuestions.add(r.question()));
    List<TrainingRecord> train = generate(trainCount, seed * 31 + 2, testQuestions);
    test = phrasing.apply(test, seed * 31 + 3);
    train = phrasing.apply(train, seed * 31 + 4);
    Path trainFile = dir.resolve("train.jsonl");
    Path testFile = dir.resolve("test.jsonl");
    write(trainFile, train);
    write(testFile, test);
    return List.of(trainFile, testFile);
  }

  /**
   * Writes records as JSONL, atomically (temporary file, then move).
   *
   * @param file the target
   * @param records what to write
   */
  public static void write(Path file, List<TrainingRecord> records) {
    ObjectMapper json = new ObjectMapper();
    AtomicFiles.writeStream(file, out -> {
      for (TrainingRecord r : records) {
        ObjectNode node = json.createObjectNode();
        if (r.system() != null) {
          node.put("system", r.system());
        }
        node.put("question", r.question());
        ArrayNode traces = node.putArray("traces");
        r.traces().forEach(traces::add);
        node.put("answer", r.answer());
        out.write(json.writeValueAsBytes(node));
        out.write('\n');
      }
    });
  }
}
