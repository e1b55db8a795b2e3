package io.github.ssft4j.research.eval;

import io.github.ssft4j.research.task.Strategy;
import java.util.List;

/**
 * One held-out question answered with one branch per tag.
 *
 * @param question the question
 * @param truth the reference answer
 * @param voted the voted answer ({@code ""} when none was found)
 * @param consCorrect whether the voted answer is right
 * @param texts each branch's trace, by tag
 * @param correct whether each branch's answer is right, by tag
 * @param strategies the strategy each branch followed ({@code null} when none could be read), by tag
 */
public record QuestionResult(String question, String truth, String voted, boolean consCorrect, List<String> texts,
    List<Boolean> correct, List<Strategy> strategies) {}
