/**
 * Qwen2 decoders on DJL's PyTorch engine, loaded from Hugging Face checkpoints: {@link
 * io.github.ssft4j.train.internal.model.Qwen2Model} (forward pass, parameters, save), {@link
 * io.github.ssft4j.train.internal.model.SequenceScorer} (per-token likelihoods and the SSFT cost matrix) and {@link
 * io.github.ssft4j.train.internal.model.ForkingTokenInstaller} (forking tokens for base models).
 */
package io.github.ssft4j.train.internal.model;
