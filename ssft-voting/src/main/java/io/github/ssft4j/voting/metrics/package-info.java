/** Evaluation metrics of parallel reasoning: Pass@1, pass@k, native and scheduled Cons@k, bootstrap intervals. */
package io.github.ssft4j.voting.metrics;
