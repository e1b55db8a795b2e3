/** Minimum-cost assignment of traces to forking tags ({@link io.github.ssft4j.train.internal.matching.Hungarian}). */
package io.github.ssft4j.train.internal.matching;
