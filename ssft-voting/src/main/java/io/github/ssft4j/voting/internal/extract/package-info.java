/**
 * Answer extraction internals: finding candidate answers in free text by the reference grader's priorities
 * (anchors such as "the answer is", {@code \boxed{}}, math spans, choice letters, numbers) and normalising them;
 * not API, may change in any release.
 */
package io.github.ssft4j.voting.internal.extract;
