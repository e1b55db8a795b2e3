/** Evaluation of trained models through {@code ParallelReasoner}: accuracy, Cons@k, mode purity, bootstrap. */
package io.github.ssft4j.research.eval;
