package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;
import java.util.Map;

/**
 * One benchmark question.
 *
 * @param id a stable identifier (the benchmark's own id when it has one, else the row number): sample seeds are
 *     derived from it, so a problem gets the same samples whatever else is evaluated with it
 * @param question the text placed into the prompt template's {@code {question}} slot (for multiple choice, the
 *     question followed by its lettered options)
 * @param answer the gold answer (for multiple choice, the correct letter)
 * @param metadata other fields worth reporting (e.g. MATH-500's {@code subject} and {@code level})
 */
public record Problem(String id, String question, String answer, Map<String, String> metadata) {
  /** Rejects nulls and blank ids; copies the metadata. */
  public Problem {
    if (id == null || id.isBlank() || question == null || answer == null) {
      throw new InvalidArgumentException("a problem needs an id, a question and an answer; got id=" + id);
    }
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
  }

  /**
   * @param id the id
   * @param question the question
   * @param answer the gold answer
   * @return a problem without metadata
   */
  public static Problem of(String id, String question, String answer) {
    return new Problem(id, question, answer, Map.of());
  }
}
