package io.github.ssft4j.voting.internal.extract;

import io.github.ssft4j.voting.MatchType;

/**
 * A candidate answer found in a text.
 *
 * @param text the answer's text
 * @param priority lower is better
 * @param start where it starts in the (clipped) text
 * @param end where it ends
 * @param type what found it
 */
public record Candidate(String text, int priority, int start, int end, MatchType type) {}
