package io.github.ssft4j.train.internal.ssft;

/** How the SSFT cost pass lays out its {@code N * M} (tag, trace) segments. */
public enum Packing {
  /** One padded row per segment, plain causal masking: the reference the packed layouts are tested against. */
  NONE,
  /**
   * One row per question holding all {@code N * M} segments {@code prompt + tag + trace prefix}, block-diagonal
   * causal mask, positions restarting at 0 per segment.
   */
  BLOCK_DIAGONAL,
  /**
   * One row per question: the prompt once, then {@code N * M} segments {@code tag + trace prefix}, each attending
   * to the prompt and causally to itself, positions restarting after the prompt. Same numbers, fewer tokens.
   */
  SHARED_PROMPT
}
