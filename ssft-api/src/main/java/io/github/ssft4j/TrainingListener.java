package io.github.ssft4j;

/**
 * Receives a training pipeline's progress: stages starting and finishing, every optimiser step (loss, learning
 * rate, time left), checkpoints and the export. Called on the training thread; keep it short.
 *
 * <pre>{@code
 * TrainingListener log = event -> {
 *   if (event instanceof TrainingEvent.StepCompleted step && step.step() % 50 == 0) {
 *     System.out.printf("%s step %d/%d loss %.4f eta %s%n",
 *         step.stage(), step.step(), step.totalSteps(), step.loss(), step.eta());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {
  /** Ignores every event. */
  TrainingListener NONE = event -> {};

  /** @param event what just happened */
  void onEvent(TrainingEvent event);
}
