package io.github.ssft4j.eval.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Which samples a problem gets and how they are grouped into forked calls: slots listed tag by tag ({@code [0]}
 * untagged first, then {@code <think1>}..), cut into calls of at most {@code samplesPerCall} branches. A call's
 * seed depends only on the evaluation seed, the problem id and the call's ordinal, so a resumed or rescheduled run
 * regenerates exactly the same samples.
 */
final class SamplePlan {
  /** One sample's place: its tag and its index among that tag's samples. */
  record Slot(int tag, int index) {}

  /** One forked call. */
  record Call(int ordinal, long seed, List<Slot> slots) {
    List<Integer> tags() {
      List<Integer> t = new ArrayList<>(slots.size());
      slots.forEach(s -> t.add(s.tag()));
      return t;
    }
  }

  private SamplePlan() {}

  static List<Call> calls(String problemId, int[] perTag, int samplesPerCall, long seed) {
    List<Slot> slots = new ArrayList<>();
    for (int t = 0; t < perTag.length; t++) {
      for (int i = 0; i < perTag[t]; i++) {
        slots.add(new Slot(t, i));
      }
    }
    int size = samplesPerCall <= 0 ? Math.max(1, slots.size()) : samplesPerCall;
    List<Call> calls = new ArrayList<>();
    long problemHash = BenchmarkLoader.fnv(problemId);
    for (int from = 0, ordinal = 0; from < slots.size(); from += size, ordinal++) {
      long callSeed = mix(mix(seed ^ problemHash) + ordinal);
      calls.add(new Call(ordinal, callSeed, List.copyOf(slots.subList(from, Math.min(slots.size(), from + size)))));
    }
    return calls;
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
