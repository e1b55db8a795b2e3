/**
 * Evaluating a model the way the SSFT paper does: {@link io.github.ssft4j.eval.Benchmark benchmarks} read from the
 * files people download, an {@link io.github.ssft4j.eval.EvaluationProtocol} of metrics (Pass@1, native Cons@6,
 * Cons@32, maj@k, pass@k), a resumable journal of every sample, and
 * {@link io.github.ssft4j.eval.EvaluationResult results} with bootstrap intervals, reports and paired comparisons.
 * The implementation is {@code ssft-eval}, found through {@link java.util.ServiceLoader}.
 */
package io.github.ssft4j.eval;
