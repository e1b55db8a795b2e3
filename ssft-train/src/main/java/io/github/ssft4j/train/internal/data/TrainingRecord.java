package io.github.ssft4j.train.internal.data;

import io.github.ssft4j.InvalidArgumentException;
import java.util.List;

/**
 * One training question with its reasoning traces.
 *
 * @param question the user message
 * @param traces one to {@code N} reasoning traces (the text after the tag, without the terminator)
 * @param answer the reference answer
 * @param system the system message, or {@code null} for none
 */
public record TrainingRecord(String question, List<String> traces, String answer, String system) {
  /** Copies the traces and rejects nulls and empty traces. */
  public TrainingRecord {
    if (question == null || traces == null || answer == null) {
      throw new InvalidArgumentException("question, traces and answer must not be null");
    }
    traces = List.copyOf(traces);
    if (traces.isEmpty()) {
      throw new InvalidArgumentException("traces must not be empty for question '" + question + "'");
    }
  }
}
