package io.github.ssft4j.cli;

import io.github.ssft4j.StreamListener;
import io.github.ssft4j.TokenEvent;
import io.github.ssft4j.Trace;
import java.io.PrintStream;

/**
 * Shows the k branches of a call as they are generated: one line per branch, redrawn in place (ANSI cursor moves)
 * at most every 50 ms, each with its tag and the tail of its text.
 */
final class LiveBranches implements StreamListener {
  private static final long REDRAW_NANOS = 50_000_000L;
  private final PrintStream out;
  private final int width;
  private final StringBuilder[] texts;
  private final String[] tags;
  private final boolean[] done;
  private long lastDraw;
  private boolean drawn;

  LiveBranches(PrintStream out, int k, int width) {
    this.out = out;
    this.width = width;
    this.texts = new StringBuilder[k];
    this.tags = new String[k];
    this.done = new boolean[k];
    for (int b = 0; b < k; b++) {
      texts[b] = new StringBuilder();
      tags[b] = "";
    }
  }

  @Override
  public void onToken(TokenEvent e) {
    texts[e.branch()].append(e.textDelta());
    tags[e.branch()] = e.tagIndex() == 0 ? "(no tag)" : "<think" + e.tagIndex() + ">";
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      draw();
      lastDraw = now;
    }
  }

  @Override
  public void onBranchFinished(int branch, Trace trace) {
    done[branch] = true;
    draw();
  }

  /** Erases the live lines, so the final summary replaces them. */
  void clear() {
    if (drawn) {
      out.print("\033[" + texts.length + "A");
      for (int b = 0; b < texts.length; b++) {
        out.print("\033[2K\n");
      }
      out.print("\033[" + texts.length + "A");
      out.flush();
      drawn = false;
    }
  }

  private void draw() {
    if (drawn) {
      out.print("\033[" + texts.length + "A");
    }
    for (int b = 0; b < texts.length; b++) {
      String flat = texts[b].toString().replace('\n', ' ');
      String head = String.format("branch %d %-9s %s ", b, tags[b], done[b] ? "done" : " ...");
      int room = Math.max(10, width - head.length());
      String tail = flat.length() <= room ? flat : "…" + flat.substring(flat.length() - room + 1);
      out.print("\033[2K" + head + tail + "\n");
    }
    out.flush();
    drawn = true;
  }
}
