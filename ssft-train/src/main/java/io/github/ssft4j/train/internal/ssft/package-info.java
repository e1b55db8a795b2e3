/**
 * Set Supervised Fine-Tuning and its baselines: the packed cost pass ({@link io.github.ssft4j.train.internal.ssft.CostPass}),
 * the training loop ({@link io.github.ssft4j.train.internal.ssft.SsftTrainer}), matching log, checkpoints, and the
 * {@link io.github.ssft4j.spi.ModelTrainer} service ({@link io.github.ssft4j.train.internal.ssft.DjlModelTrainer}).
 */
package io.github.ssft4j.train.internal.ssft;
