package io.github.ssft4j;

/** How traces are assigned to forking tags during fine-tuning. */
public enum TrainingMethod {
  /** Set Supervised Fine-Tuning: a minimum-cost one-to-one matching of traces to tags, re-computed every step. */
  SSFT,
  /** Baseline: every trace is an example under one fixed tag. */
  SFT_MIXED,
  /** Baseline: traces are assigned to tags at random every step. */
  RANDOM_TAGS
}
