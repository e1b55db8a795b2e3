package io.github.ssft4j.cli;

import io.github.ssft4j.TrainingEvent;
import io.github.ssft4j.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a training pipeline's events: a one-line bar redrawn in place on a terminal, or about twenty lines per
 * stage when the output is a file or a pipe.
 */
final class TrainingProgressBar implements TrainingListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;

  TrainingProgressBar(PrintStream out) {
    this(out, System.console() != null);
  }

  TrainingProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onEvent(TrainingEvent event) {
    if (event instanceof TrainingEvent.StageStarted s) {
      out.println(s.description());
    } else if (event instanceof TrainingEvent.StepCompleted s) {
      int every = terminal ? 1 : Math.max(1, s.totalSteps() / 20);
      if (s.step() % every != 0 && s.step() != s.totalSteps()) {
        return;
      }
      int filled = (int) Math.round(WIDTH * (double) s.step() / s.totalSteps());
      String line = String.format(Locale.ROOT, "[%s%s] %s %d/%d loss %.4f lr %.2e %.0f tok/step eta %ds",
          "#".repeat(filled), "-".repeat(WIDTH - filled), s.stage(), s.step(), s.totalSteps(), s.loss(),
          s.learningRate(), (double) s.tokens(), s.eta().toSeconds());
      out.print(terminal ? "\r" + line : line + "\n");
      if (terminal && s.step() == s.totalSteps()) {
        out.println();
      }
      out.flush();
    } else if (event instanceof TrainingEvent.CheckpointSaved c && !terminal) {
      out.println("checkpoint " + c.directory());
    } else if (event instanceof TrainingEvent.StageFinished f) {
      out.printf(Locale.ROOT, "%s %s: %d steps, final loss %.4f, %.1f s%n", f.stage(),
          f.skipped() ? "already finished" : "finished", f.summary().steps(), f.summary().finalLoss(),
          f.summary().seconds());
    } else if (event instanceof TrainingEvent.Exported e) {
      out.printf(Locale.ROOT, "exported %s in %.1f s%n", e.modelDir(), e.took().toNanos() / 1e9);
    }
  }
}
