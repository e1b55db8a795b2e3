package io.github.ssft4j;

/**
 * A branch of a consensus call: its trace and the answer extracted from it.
 *
 * @param index the branch's position in the call (0-based)
 * @param trace what the branch generated
 * @param answer the answer extracted from {@code trace.text()}, possibly {@link ExtractedAnswer#NONE}
 */
public record Branch(int index, Trace trace, ExtractedAnswer answer) {
  /** Rejects nulls and a negative index. */
  public Branch {
    Checks.nonNegative("index", index);
    Checks.notNull("trace", trace);
    Checks.notNull("answer", answer);
  }
}
