package io.github.ssft4j.research.experiment;

import io.github.ssft4j.research.report.PngFiles;
import io.github.ssft4j.research.eval.TagPolicyMetrics;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GFPO page's chart (Java2D, headless): left, held-out Pass@1 and Cons@N of every tag policy before and after
 * GFPO with 95% intervals; right, the mean training reward per GFPO step.
 */
final class GfpoChart {
  private static final Color BEFORE = new Color(0x9ecae1);
  private static final Color AFTER = new Color(0x08519c);
  private static final int W = 1200;
  private static final int H = 460;

  private GfpoChart() {}

  static void write(Path file, TagPolicyMetrics before, TagPolicyMetrics after, List<Double> reward) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      List<String> labels = new ArrayList<>();
      List<Bootstrap.Interval[]> values = new ArrayList<>();
      for (int t = 0; t < after.fixed().size(); t++) {
        labels.add("tag " + (t + 1));
        values.add(new Bootstrap.Interval[] {before.fixed().get(t), after.fixed().get(t)});
      }
      labels.add("uniform");
      values.add(new Bootstrap.Interval[] {before.uniform(), after.uniform()});
      labels.add("model max");
      values.add(new Bootstrap.Interval[] {before.modelArgmax(), after.modelArgmax()});
      labels.add("model smp");
      values.add(new Bootstrap.Interval[] {before.modelSampled(), after.modelSampled()});
      labels.add("oracle");
      values.add(new Bootstrap.Interval[] {before.oracle(), after.oracle()});
      labels.add("Cons fixed");
      values.add(new Bootstrap.Interval[] {before.consFixed(), after.consFixed()});
      labels.add("Cons model");
      values.add(new Bootstrap.Interval[] {before.consModel(), after.consModel()});
      bars(g, 60, 40, 760, 340, labels, values);
      curve(g, 890, 40, 280, 340, reward);
      g.setColor(BEFORE);
      g.fillRect(60, H - 36, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString("SSFT model", 80, H - 24);
      g.setColor(AFTER);
      g.fillRect(200, H - 36, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString("after GFPO", 220, H - 24);
    } finally {
      g.dispose();
    }
    PngFiles.write(file, img);
  }

  private static void axes(Graphics2D g, int x0, int y0, int w, int h, String title) {
    g.setColor(Color.BLACK);
    g.drawString(title, x0, y0 - 12);
    int bottom = y0 + h;
    for (int i = 0; i <= 5; i++) {
      int y = bottom - h * i / 5;
      g.setColor(new Color(0xdddddd));
      g.drawLine(x0, y, x0 + w, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.1f", i / 5.0), x0 - 28, y + 5);
    }
    g.drawLine(x0, bottom, x0 + w, bottom);
    g.drawLine(x0, y0, x0, bottom);
  }

  private static void bars(Graphics2D g, int x0, int y0, int w, int h, List<String> labels,
      List<Bootstrap.Interval[]> values) {
    axes(g, x0, y0, w, h, "Held-out Pass@1 / Cons@6 per tag policy (95% bootstrap CI)");
    int bottom = y0 + h;
    int groupW = w / labels.size();
    int barW = (groupW - 10) / 2;
    for (int i = 0; i < labels.size(); i++) {
      int gx = x0 + i * groupW + 5;
      for (int k = 0; k < 2; k++) {
        Bootstrap.Interval v = values.get(i)[k];
        int bx = gx + k * barW;
        int bh = (int) Math.round(h * v.estimate());
        g.setColor(k == 0 ? BEFORE : AFTER);
        g.fillRect(bx, bottom - bh, barW - 1, bh);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        int cx = bx + barW / 2;
        g.drawLine(cx, bottom - (int) Math.round(h * v.lower()), cx, bottom - (int) Math.round(h * v.upper()));
      }
      g.drawString(labels.get(i), gx, bottom + 16);
    }
  }

  private static void curve(Graphics2D g, int x0, int y0, int w, int h, List<Double> reward) {
    axes(g, x0, y0, w, h, "GFPO mean training reward per step");
    if (reward.size() < 2) {
      return;
    }
    int bottom = y0 + h;
    g.setColor(AFTER);
    g.setStroke(new BasicStroke(1.5f));
    for (int i = 1; i < reward.size(); i++) {
      int xa = x0 + w * (i - 1) / (reward.size() - 1);
      int xb = x0 + w * i / (reward.size() - 1);
      g.drawLine(xa, bottom - (int) Math.round(h * reward.get(i - 1)), xb, bottom - (int) Math.round(h * reward.get(i)));
    }
    g.setColor(Color.BLACK);
    g.drawString("step 1", x0, bottom + 16);
    g.drawString("step " + reward.size(), x0 + w - 50, bottom + 16);
  }
}
