package io.github.ssft4j.research.experiment;

import io.github.ssft4j.research.report.PngFiles;

import io.github.ssft4j.voting.metrics.Bootstrap;
import io.github.ssft4j.research.eval.MethodMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the experiment's chart with Java2D (headless): left, Pass@1 and Cons@k per method with 95% intervals;
 * right, each tag's mode purity per method.
 */
final class ResultsChart {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
  private static final int W = 1100;
  private static final int H = 460;

  private ResultsChart() {}

  static void write(Path file, List<String> methods, List<MethodMetrics> metrics, int k) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      panel(g, 60, 40, 380, 340, "Accuracy (95% bootstrap CI)", List.of("Pass@1 <think1>", "Cons@" + k),
          methods, metrics, (m, grp) -> grp == 0 ? m.passAt1() : m.consAtK());
      List<String> tags = new java.util.ArrayList<>();
      for (int t = 1; t <= k; t++) {
        tags.add("<think" + t + ">");
      }
      panel(g, 520, 40, 560, 340, "Mode purity per tag (share of traces in the tag's main strategy)", tags,
          methods, metrics, (m, grp) -> m.tagPurity().get(grp));
      // legend
      int x = 60;
      for (int i = 0; i < methods.size(); i++) {
        g.setColor(COLORS[i % COLORS.length]);
        g.fillRect(x, H - 36, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString(methods.get(i), x + 20, H - 24);
        x += 180;
      }
    } finally {
      g.dispose();
    }
    PngFiles.write(file, img);
  }

  interface Value {
    Bootstrap.Interval of(MethodMetrics m, int group);
  }

  private static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, List<String> groups,
      List<String> methods, List<MethodMetrics> metrics, Value value) {
    g.setColor(Color.BLACK);
    g.drawString(title, x0, y0 - 12);
    int bottom = y0 + h;
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 5; i++) {
      int y = bottom - h * i / 5;
      g.drawLine(x0, y, x0 + w, y);
    }
    g.setColor(Color.BLACK);
    for (int i = 0; i <= 5; i++) {
      int y = bottom - h * i / 5;
      g.drawString(String.format(Locale.ROOT, "%.1f", i / 5.0), x0 - 30, y + 5);
    }
    g.drawLine(x0, bottom, x0 + w, bottom);
    g.drawLine(x0, y0, x0, bottom);
    int groupW = w / groups.size();
    int barW = Math.max(6, (groupW - 16) / methods.size());
    for (int gi = 0; gi < groups.size(); gi++) {
      int gx = x0 + gi * groupW + 8;
      for (int mi = 0; mi < methods.size(); mi++) {
        Bootstrap.Interval v = value.of(metrics.get(mi), gi);
        int bx = gx + mi * barW;
        int bh = (int) Math.round(h * v.estimate());
        g.setColor(COLORS[mi % COLORS.length]);
        g.fillRect(bx, bottom - bh, barW - 2, bh);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int cx = bx + (barW - 2) / 2;
        int lo = bottom - (int) Math.round(h * v.lower());
        int hi = bottom - (int) Math.round(h * v.upper());
        g.drawLine(cx, lo, cx, hi);
        g.drawLine(cx - 3, lo, cx + 3, lo);
        g.drawLine(cx - 3, hi, cx + 3, hi);
      }
      g.drawString(groups.get(gi), gx, bottom + 18);
    }
  }
}
