/**
 * Pure-Java mathematics for answer comparison: a LaTeX/plain-math parser to an expression tree, exact rationals,
 * numeric evaluation and the equivalence rules of the reference grader.
 */
package io.github.ssft4j.voting.internal.math;
