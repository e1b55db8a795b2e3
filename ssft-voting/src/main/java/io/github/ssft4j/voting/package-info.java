/**
 * Answer extraction, answer equivalence and voting strategies (the defaults behind {@code ssft-api}'s SPIs), and
 * {@link io.github.ssft4j.voting.AnswerVerifier} for scoring a model output against a gold answer.
 */
package io.github.ssft4j.voting;
