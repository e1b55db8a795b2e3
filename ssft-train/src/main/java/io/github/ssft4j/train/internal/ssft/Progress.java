package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingListener;
import java.time.Duration;
import java.util.Map;

/** Turns a stage's steps into {@link TrainingEvent.StepCompleted} events with elapsed time and an ETA. */
public final class Progress {
  private final TrainingListener listener;
  private final String stage;
  private final int total;
  private final int first;
  private final long start = System.nanoTime();

  /**
   * Reports the stage's start.
   *
   * @param listener where events go
   * @param stage the stage's name
   * @param total its steps in all
   * @param first the step it (re)starts at
   * @param description a one-line summary of the run
   */
  public Progress(TrainingListener listener, String stage, int total, int first, String description) {
    this.listener = listener;
    this.stage = stage;
    this.total = total;
    this.first = first;
    listener.onEvent(new TrainingEvent.StageStarted(stage, total, first, description));
  }

  /**
   * @param step the 0-based step just done
   * @param loss its loss
   * @param lr its learning rate
   * @param tokens tokens it processed
   * @param metrics stage-specific figures
   */
  public void step(int step, double loss, double lr, long tokens, Map<String, Double> metrics) {
    long elapsed = System.nanoTime() - start;
    int done = step + 1 - first;
    long eta = done <= 0 ? 0 : elapsed / done * (total - step - 1);
    listener.onEvent(new TrainingEvent.StepCompleted(stage, step + 1, total, loss, lr, tokens,
        Duration.ofNanos(elapsed), Duration.ofNanos(eta), metrics));
  }
}
