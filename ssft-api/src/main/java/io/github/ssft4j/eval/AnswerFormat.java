package io.github.ssft4j.eval;

/** How a benchmark's answers are extracted from a generation and compared with the gold answer. */
public enum AnswerFormat {
  /** A mathematical answer (boxed, "final answer is", LaTeX or a plain number), compared up to equivalence. */
  MATH,
  /** A multiple-choice letter ({@code Answer: C}), compared exactly. */
  LETTER
}
