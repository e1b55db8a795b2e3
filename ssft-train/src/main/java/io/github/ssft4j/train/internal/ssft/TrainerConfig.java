package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.spi.TrainingRequest;

/**
 * Everything a fine-tuning run needs besides its files. Derive variants with the {@code with...} methods.
 *
 * @param method SSFT or a baseline
 * @param tags the forking tags {@code N}
 * @param steps optimiser steps
 * @param batchSize questions per micro-batch
 * @param accumulation micro-batches per optimiser step
 * @param learningRate peak learning rate
 * @param warmupSteps linear warm-up steps
 * @param minLrRatio the final learning rate as a share of the peak (cosine decay)
 * @param weightDecay AdamW decoupled weight decay
 * @param clipNorm global gradient-norm clipping threshold, {@code <= 0} for none
 * @param maxSeqLen examples are cut to this many tokens; also sets the default {@code L}
 * @param costPrefixTokens {@code L} of the cost matrix, {@code 0} for {@code floor(maxSeqLen / (N * M))}
 * @param packing how the cost pass is laid out
 * @param fixedTag the 1-based tag SFT-mixed trains every trace under
 * @param checkpointEvery steps between resumable checkpoints, {@code 0} for none before the end
 * @param seed seeds data order and random tag assignment
 * @param progress print a progress line to standard error
 */
public record TrainerConfig(
    TrainingMethod method, ForkingTokens tags, int steps, int batchSize, int accumulation, double learningRate,
    int warmupSteps, double minLrRatio, double weightDecay, double clipNorm, int maxSeqLen, int costPrefixTokens,
    Packing packing, int fixedTag, int checkpointEvery, long seed, boolean progress) {

  /** Validates the ranges. */
  public TrainerConfig {
    if (method == null || tags == null || packing == null) {
      throw new InvalidArgumentException("method, tags and packing must not be null");
    }
    if (steps < 1 || batchSize < 1 || accumulation < 1 || maxSeqLen < 8 || costPrefixTokens < 0
        || checkpointEvery < 0 || warmupSteps < 0 || warmupSteps >= steps) {
      throw new InvalidArgumentException("bad trainer config: steps=" + steps + " batchSize=" + batchSize
          + " accumulation=" + accumulation + " maxSeqLen=" + maxSeqLen + " costPrefixTokens=" + costPrefixTokens
          + " checkpointEvery=" + checkpointEvery + " warmupSteps=" + warmupSteps
          + " (need >= 1, >= 1, >= 1, >= 8, >= 0, >= 0, and 0 <= warmupSteps < steps)");
    }
    if (fixedTag < 1 || fixedTag > tags.count()) {
      throw new InvalidArgumentException("fixedTag must be in 1.." + tags.count() + ", got " + fixedTag);
    }
    if (!(learningRate > 0)) {
      throw new InvalidArgumentException("learningRate must be > 0, got " + learningRate);
    }
  }

  /**
   * Defaults for a request: six tags, no accumulation, 10% warm-up, cosine to 10%, weight decay 0.01, clipping
   * at 1.0, 256-token sequences, default {@code L}, shared-prompt packing, SFT-mixed on tag 1, a checkpoint every
   * 100 steps, progress on.
   *
   * @param r the request
   * @return the config
   */
  public static TrainerConfig of(TrainingRequest r) {
    return new TrainerConfig(r.method(), ForkingTokens.DEFAULT, r.steps(), r.batchSize(), 1, r.learningRate(),
        r.steps() / 10, 0.1, 0.01, 1.0, 256, 0, Packing.SHARED_PROMPT, 1, 100, r.seed(), true);
  }

  /** @param value the method @return a copy with it */
  public TrainerConfig withMethod(TrainingMethod value) {
    return new TrainerConfig(value, tags, steps, batchSize, accumulation, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, costPrefixTokens, packing, fixedTag, checkpointEvery, seed, progress);
  }

  /** @param value micro-batches per step @return a copy with it */
  public TrainerConfig withAccumulation(int value) {
    return new TrainerConfig(method, tags, steps, batchSize, value, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, costPrefixTokens, packing, fixedTag, checkpointEvery, seed, progress);
  }

  /** @param value the layout of the cost pass @return a copy with it */
  public TrainerConfig withPacking(Packing value) {
    return new TrainerConfig(method, tags, steps, batchSize, accumulation, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, costPrefixTokens, value, fixedTag, checkpointEvery, seed, progress);
  }

  /** @param value steps between checkpoints, 0 for none @return a copy with it */
  public TrainerConfig withCheckpointEvery(int value) {
    return new TrainerConfig(method, tags, steps, batchSize, accumulation, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, costPrefixTokens, packing, fixedTag, value, seed, progress);
  }

  /** @param value total steps (warm-up is kept below it) @return a copy with it */
  public TrainerConfig withSteps(int value) {
    return new TrainerConfig(method, tags, value, batchSize, accumulation, learningRate,
        Math.min(warmupSteps, value - 1), minLrRatio, weightDecay, clipNorm, maxSeqLen, costPrefixTokens, packing,
        fixedTag, checkpointEvery, seed, progress);
  }

  /** @param value cost prefix {@code L}, 0 for the default @return a copy with it */
  public TrainerConfig withCostPrefixTokens(int value) {
    return new TrainerConfig(method, tags, steps, batchSize, accumulation, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, value, packing, fixedTag, checkpointEvery, seed, progress);
  }

  /** @param value print progress @return a copy with it */
  public TrainerConfig withProgress(boolean value) {
    return new TrainerConfig(method, tags, steps, batchSize, accumulation, learningRate, warmupSteps, minLrRatio,
        weightDecay, clipNorm, maxSeqLen, costPrefixTokens, packing, fixedTag, checkpointEvery, seed, value);
  }
}
