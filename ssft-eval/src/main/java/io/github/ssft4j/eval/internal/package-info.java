/**
 * The default evaluation engine behind {@link io.github.ssft4j.eval}: benchmark loading, the sample plan, the
 * resumable journal, judging and scoring, reports; not API, may change in any release.
 */
package io.github.ssft4j.eval.internal;
