package io.github.ssft4j;

import java.nio.file.Path;

/**
 * What a finished training stage produced.
 *
 * @param steps optimiser steps taken in all (a resumed run counts the steps before it too)
 * @param finalLoss the last step's training loss
 * @param checkpoint the Hugging Face checkpoint folder written
 * @param seconds wall time of this run (a resumed run: since it resumed)
 * @param meanStepMillis mean wall time of an optimiser step, the first two (warm-up) steps left out; 0 when too
 *     few steps ran to tell
 */
public record TrainingSummary(int steps, double finalLoss, Path checkpoint, double seconds, double meanStepMillis) {
  /** Rejects a missing checkpoint. */
  public TrainingSummary {
    Checks.nonNegative("steps", steps);
    Checks.notNull("checkpoint", checkpoint);
  }
}
