package io.github.ssft4j.spi;

import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.InvalidArgumentException;
import java.nio.file.Path;

/**
 * A fine-tuning run.
 *
 * @param method SSFT or a baseline
 * @param baseCheckpoint the Hugging Face checkpoint to start from
 * @param data JSONL training data ({@code question}, {@code traces}, {@code answer}, optional {@code system})
 * @param outputDir where checkpoints and the final model are written
 * @param steps optimiser steps
 * @param batchSize questions per step
 * @param learningRate peak learning rate
 * @param seed seeds initialisation of new rows, data order and tag sampling
 */
public record TrainingRequest(
    TrainingMethod method, Path baseCheckpoint, Path data, Path outputDir, int steps, int batchSize,
    double learningRate, long seed) {
  /** Validates the ranges. */
  public TrainingRequest {
    if (method == null || baseCheckpoint == null || data == null || outputDir == null) {
      throw new InvalidArgumentException("method, baseCheckpoint, data and outputDir must not be null");
    }
    if (steps <= 0 || batchSize <= 0 || !(learningRate > 0)) {
      throw new InvalidArgumentException("steps, batchSize and learningRate must be > 0, got steps=" + steps
          + " batchSize=" + batchSize + " learningRate=" + learningRate);
    }
  }
}
