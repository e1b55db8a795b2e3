package io.github.ssft4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What a training pipeline reports to its {@link TrainingListener}. */
public sealed interface TrainingEvent {

  /** @return the stage the event belongs to: {@code ssft}, {@code sft-mixed}, {@code random-tags}, {@code gfpo}, {@code grpo} or {@code export} */
  String stage();

  /**
   * A stage begins (or resumes).
   *
   * @param stage the stage
   * @param totalSteps its optimiser steps in all
   * @param firstStep the step it starts at: {@code 0}, or where a checkpoint left off
   * @param description a one-line summary of the run (data, settings)
   */
  record StageStarted(String stage, int totalSteps, int firstStep, String description) implements TrainingEvent {}

  /**
   * One optimiser step finished.
   *
   * @param stage the stage
   * @param step steps done so far, {@code 1..totalSteps}
   * @param totalSteps the stage's steps
   * @param loss the step's training loss
   * @param learningRate the learning rate the step used
   * @param tokens tokens processed by the step
   * @param elapsed time since the stage (re)started
   * @param eta estimated time to the stage's end
   * @param metrics stage-specific figures, e.g. {@code gradNorm}, {@code meanReward}, {@code tagEntropy}
   */
  record StepCompleted(String stage, int step, int totalSteps, double loss, double learningRate, long tokens,
      Duration elapsed, Duration eta, Map<String, Double> metrics) implements TrainingEvent {
    /** Copies the metrics. */
    public StepCompleted {
      metrics = Map.copyOf(metrics);
    }
  }

  /**
   * A resumable checkpoint was written (atomically).
   *
   * @param stage the stage
   * @param step steps it holds
   * @param directory its folder
   */
  record CheckpointSaved(String stage, int step, Path directory) implements TrainingEvent {}

  /**
   * A stage finished; its checkpoint is complete.
   *
   * @param stage the stage
   * @param summary what it produced
   * @param skipped whether it had already finished in an earlier run and was not run again
   */
  record StageFinished(String stage, TrainingSummary summary, boolean skipped) implements TrainingEvent {}

  /**
   * The final checkpoint was exported to a model folder.
   *
   * @param stage {@code export}
   * @param modelDir the model folder, ready for {@link ParallelReasoner#load(Path)}
   * @param took how long the export took
   */
  record Exported(String stage, Path modelDir, Duration took) implements TrainingEvent {}
}
