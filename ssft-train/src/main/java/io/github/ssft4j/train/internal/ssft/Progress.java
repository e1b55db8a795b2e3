package io.github.ssft4j.train.internal.ssft;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar: step, loss, learning rate, throughput and time left. */
public final class Progress {
  private final PrintStream out;
  private final int total;
  private final boolean enabled;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private final int every;
  private long tokens;
  private int done;

  /**
   * @param out where lines go
   * @param total steps of the run
   * @param enabled print at all
   * @param label printed first
   */
  public Progress(PrintStream out, int total, boolean enabled, String label) {
    this.out = out;
    this.total = total;
    this.enabled = enabled;
    this.every = terminal ? 1 : Math.max(1, total / 20);
    if (enabled) {
      out.println(label);
    }
  }

  /** Records step {@code step} (0-based) and prints a line now and then. */
  public void update(int step, double loss, double lr, long stepTokens) {
    tokens += stepTokens;
    done++;
    if (!enabled || (step + 1) % every != 0 && step + 1 != total) {
      return;
    }
    double secs = (System.nanoTime() - start) / 1e9;
    int width = 24;
    int filled = (int) Math.round(width * (step + 1.0) / total);
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    double eta = done == 0 ? 0 : secs / done * (total - step - 1);
    String line = String.format(Locale.ROOT, "[%s] %d/%d loss %.4f lr %.2e %.0f tok/s %.2f step/s eta %ds", bar,
        step + 1, total, loss, lr, tokens / secs, done / secs, Math.round(eta));
    out.print(terminal ? "\r" + line : line + "\n");
    if (terminal && step + 1 == total) {
      out.println();
    }
    out.flush();
  }
}
