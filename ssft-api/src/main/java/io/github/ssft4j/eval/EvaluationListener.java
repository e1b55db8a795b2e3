package io.github.ssft4j.eval;

/**
 * Hears an evaluation's progress. Called from the evaluation's worker threads, one event at a time (calls never
 * overlap); keep it quick. The CLI renders its progress bar from these events.
 */
@FunctionalInterface
public interface EvaluationListener {
  /** A listener that ignores everything. */
  EvaluationListener NONE = event -> {};

  /** @param event what happened */
  void onEvent(EvaluationEvent event);
}
