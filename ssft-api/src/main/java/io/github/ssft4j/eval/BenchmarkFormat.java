package io.github.ssft4j.eval;

/**
 * The layouts {@link Benchmark#load} reads: the columns of the files people download. Files are JSONL, JSON (an
 * array of objects, or an object holding one) or CSV with a header row, recognised by their extension.
 */
public enum BenchmarkFormat {
  /** Recognised from the columns of the first row (the first layout below that fits). */
  AUTO,
  /** {@code HuggingFaceH4/MATH-500}: {@code problem, solution, answer, subject, level, unique_id}. */
  MATH_500,
  /** AIME ({@code HuggingFaceH4/aime_2024}, AIME 2025 edits): {@code problem} or {@code question}, {@code answer}. */
  AIME,
  /**
   * GPQA (Diamond) CSV: {@code Question, Correct Answer, Incorrect Answer 1..3}; LightEval's {@code gpqa_instruct}
   * layout: the correct answer at a seeded random position among the options {@code A) .. D)}, gold a letter.
   */
  GPQA,
  /** The synthetic subtraction task's JSONL ({@code question, traces, answer}); the question is the prompt. */
  SUBTRACTION,
  /** Any rows with the question and answer columns named in {@link Benchmark.LoadOptions}. */
  GENERIC
}
