package io.github.ssft4j.voting.metrics;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.spi.AnswerEquivalence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Consensus metrics of one problem, in the SSFT paper's two forms.
 *
 * <ul>
 *   <li>{@link #nativeConsAtK}: the reference's native Cons@k. With {@code S} samples for each of the {@code N} tags
 *       ({@code n = S * N}), group {@code s} holds sample {@code s} of every tag; a majority vote within each group;
 *       the score is the fraction of groups whose winner is correct.</li>
 *   <li>{@link #scheduled}: Cons@k over a set-of-tags schedule: {@code k} branches spread over the tags by a
 *       {@link TagSchedule} (e.g. 32 over 6 tags: 6, 6, 5, 5, 5, 5), drawn without replacement from each tag's pool,
 *       majority vote, averaged over seeded rounds.</li>
 * </ul>
 *
 * <p>Votes are majority over equivalence classes; branches without an answer never win while another has one;
 * ties go to the class reached first in tag order.
 */
public final class ConsAtK {
  private ConsAtK() {}

  /**
   * @param answersByTag for each tag in order, its {@code S} samples' answers (every tag the same {@code S})
   * @param equivalence groups answers into classes
   * @param correct whether an answer is correct
   * @return native Cons@k in {@code [0, 1]}
   * @throws InvalidArgumentException when tags have different sample counts or there are none
   */
  public static double nativeConsAtK(List<List<ExtractedAnswer>> answersByTag, AnswerEquivalence equivalence,
      Predicate<ExtractedAnswer> correct) {
    if (answersByTag.isEmpty() || answersByTag.get(0).isEmpty()) {
      throw new InvalidArgumentException("native Cons@k needs at least one tag with one sample");
    }
    int s = answersByTag.get(0).size();
    for (int t = 0; t < answersByTag.size(); t++) {
      if (answersByTag.get(t).size() != s) {
        throw new InvalidArgumentException("native Cons@k needs the same number of samples per tag: tag " + (t + 1)
            + " has " + answersByTag.get(t).size() + ", tag 1 has " + s);
      }
    }
    int right = 0;
    for (int g = 0; g < s; g++) {
      List<ExtractedAnswer> group = new ArrayList<>();
      for (List<ExtractedAnswer> tag : answersByTag) {
        group.add(tag.get(g));
      }
      ExtractedAnswer winner = majority(group, equivalence);
      if (winner.isPresent() && correct.test(winner)) {
        right++;
      }
    }
    return (double) right / s;
  }

  /**
   * @param answersByTag for each tag in order (tag {@code t + 1} at index {@code t}), its pool of sample answers
   * @param k branches per vote
   * @param schedule how branches are spread over tags
   * @param rounds how many seeded draws to average, {@code >= 1}
   * @param seed the draws' seed
   * @param equivalence groups answers into classes
   * @param correct whether an answer is correct
   * @return Cons@k in {@code [0, 1]}
   * @throws InvalidArgumentException when a tag's pool is smaller than the branches the schedule gives it
   */
  public static double scheduled(List<List<ExtractedAnswer>> answersByTag, int k, TagSchedule schedule, int rounds,
      long seed, AnswerEquivalence equivalence, Predicate<ExtractedAnswer> correct) {
    if (answersByTag.isEmpty() || k < 1 || rounds < 1) {
      throw new InvalidArgumentException("Cons@k needs tags, k >= 1 and rounds >= 1; got " + answersByTag.size()
          + " tags, k=" + k + ", rounds=" + rounds);
    }
    Random rnd = new Random(seed);
    int right = 0;
    for (int r = 0; r < rounds; r++) {
      List<Integer> tags = schedule.assign(k, answersByTag.size(), seed + r);
      List<List<ExtractedAnswer>> pools = new ArrayList<>();
      for (List<ExtractedAnswer> pool : answersByTag) {
        List<ExtractedAnswer> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, rnd);
        pools.add(shuffled);
      }
      int[] used = new int[answersByTag.size()];
      List<ExtractedAnswer> branches = new ArrayList<>();
      for (int tag : tags) {
        List<ExtractedAnswer> pool = pools.get(tag - 1);
        if (used[tag - 1] >= pool.size()) {
          throw new InvalidArgumentException("tag " + tag + " has " + pool.size()
              + " samples but the schedule needs more for k=" + k);
        }
        branches.add(pool.get(used[tag - 1]++));
      }
      ExtractedAnswer winner = majority(branches, equivalence);
      if (winner.isPresent() && correct.test(winner)) {
        right++;
      }
    }
    return (double) right / rounds;
  }

  /**
   * The classes of a vote and their sizes.
   *
   * @param representatives each class's first answer, in the order the classes were reached
   * @param counts each class's size
   * @param answered answers that took part (those with an answer)
   */
  public record Tally(List<ExtractedAnswer> representatives, List<Integer> counts, int answered) {
    /** Copies the lists. */
    public Tally {
      representatives = List.copyOf(representatives);
      counts = List.copyOf(counts);
    }

    /** @return the index of the largest class (ties: the class reached first), or -1 when none */
    public int winnerIndex() {
      int best = -1;
      for (int c = 0; c < counts.size(); c++) {
        if (best < 0 || counts.get(c) > counts.get(best)) {
          best = c;
        }
      }
      return best;
    }

    /** @return the winning class's first answer, or NONE */
    public ExtractedAnswer winner() {
      int w = winnerIndex();
      return w < 0 ? ExtractedAnswer.NONE : representatives.get(w);
    }

    /** @return (largest class - second largest) / answered, 0 when nothing was answered */
    public double margin() {
      if (answered == 0) {
        return 0;
      }
      int first = 0;
      int second = 0;
      for (int c : counts) {
        if (c > first) {
          second = first;
          first = c;
        } else if (c > second) {
          second = c;
        }
      }
      return (double) (first - second) / answered;
    }
  }

  /**
   * @param answers answers in branch order
   * @param equivalence groups answers into classes
   * @return the most frequent class's first answer (ties: the class reached first), or NONE when none has one
   */
  public static ExtractedAnswer majority(List<ExtractedAnswer> answers, AnswerEquivalence equivalence) {
    return tally(answers, equivalence).winner();
  }

  /**
   * @param answers answers in branch order; absent ones ({@code null} or NONE) are skipped
   * @param equivalence groups answers into classes
   * @return the classes in the order reached, with their sizes
   */
  public static Tally tally(List<ExtractedAnswer> answers, AnswerEquivalence equivalence) {
    List<ExtractedAnswer> reps = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    int answered = 0;
    for (ExtractedAnswer a : answers) {
      if (a == null || !a.isPresent()) {
        continue;
      }
      answered++;
      int cls = -1;
      for (int c = 0; c < reps.size() && cls < 0; c++) {
        if (reps.get(c).normalized().equals(a.normalized()) && reps.get(c).kind() == a.kind()
            || equivalence.equivalent(reps.get(c), a)) {
          cls = c;
        }
      }
      if (cls < 0) {
        reps.add(a);
        counts.add(1);
      } else {
        counts.set(cls, counts.get(cls) + 1);
      }
    }
    return new Tally(reps, counts, answered);
  }
}
