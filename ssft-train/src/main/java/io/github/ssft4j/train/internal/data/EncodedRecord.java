package io.github.ssft4j.train.internal.data;

/**
 * A record as token ids: the rendered chat prompt, the branch prefix of each tag, and each trace followed by the
 * terminator. A training example is {@code prompt + tagPrefix[i] + trace[j]}; the loss covers {@code trace[j]}
 * only.
 *
 * @param prompt the chat template's rendering of system + user with the generation prompt
 * @param tagPrefixes {@code tagPrefixes[i]} opens the branch of tag {@code i + 1} ({@code <|im_start|><thinkI>\n})
 * @param traces each trace's ids followed by the terminator's id
 * @param source the record
 */
public record EncodedRecord(int[] prompt, int[][] tagPrefixes, int[][] traces, TrainingRecord source) {
  /** @return the number of traces {@code M} */
  public int traceCount() {
    return traces.length;
  }

  /**
   * @param tag 0-based tag
   * @param trace 0-based trace
   * @return {@code prompt + tagPrefix + trace}
   */
  public int[] example(int tag, int trace) {
    int[] p = tagPrefixes[tag];
    int[] t = traces[trace];
    int[] out = new int[prompt.length + p.length + t.length];
    System.arraycopy(prompt, 0, out, 0, prompt.length);
    System.arraycopy(p, 0, out, prompt.length, p.length);
    System.arraycopy(t, 0, out, prompt.length + p.length, t.length);
    return out;
  }
}
