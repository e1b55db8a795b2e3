/**
 * GFPO and GRPO on DJL: questions with gold answers, tags sampled from the model's own fork distribution, rollouts
 * on ONNX Runtime, verified rewards, group-normalised advantages, and a loss on the tag's log-probability only
 * (GFPO) or on every completion token (GRPO). Internal: reached through {@code ModelTrainer.gfpo}.
 */
package io.github.ssft4j.train.internal.gfpo;
