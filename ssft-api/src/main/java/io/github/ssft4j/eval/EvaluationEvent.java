package io.github.ssft4j.eval;

import java.util.List;

/** What an {@link EvaluationListener} hears while an evaluation runs. */
public sealed interface EvaluationEvent {
  /**
   * The run starts (after the journal, if any, was read).
   *
   * @param benchmark the benchmark's name
   * @param problems problems to evaluate
   * @param totalSamples samples the run ends with
   * @param resumedSamples samples already in the journal, not generated again
   */
  record Started(String benchmark, int problems, long totalSamples, long resumedSamples) implements EvaluationEvent {}

  /**
   * A forked call finished and its samples are in the journal.
   *
   * @param samples the new samples
   * @param doneSamples samples finished so far, resumed ones included
   * @param totalSamples samples the run ends with
   * @param elapsedNanos time since {@link Started}
   */
  record SamplesCompleted(List<Sample> samples, long doneSamples, long totalSamples, long elapsedNanos)
      implements EvaluationEvent {
    /** Copies the list. */
    public SamplesCompleted {
      samples = List.copyOf(samples);
    }
  }

  /**
   * The run finished and its results were computed.
   *
   * @param result the results
   * @param elapsedNanos wall time of the run
   */
  record Finished(EvaluationResult result, long elapsedNanos) implements EvaluationEvent {}
}
