/**
 * GFPO (Global Forking Policy Optimization: GRPO restricted to the choice of forking tag) and plain GRPO on DJL:
 * {@link io.github.ssft4j.train.internal.gfpo.GfpoTrainer} samples tags from the model's fork distribution
 * ({@link io.github.ssft4j.train.internal.model.ForkScorer}), rolls the branches out on ONNX Runtime from the
 * current weights ({@code OrtRollouts}), rewards them with the {@code ssft-voting} verifier and minimises the
 * clipped policy-gradient loss of {@code GfpoLoss} with group-normalised {@link
 * io.github.ssft4j.train.internal.gfpo.Advantages}. Questions come from
 * {@link io.github.ssft4j.train.internal.gfpo.QuestionDataset}.
 */
package io.github.ssft4j.train.internal.gfpo;
