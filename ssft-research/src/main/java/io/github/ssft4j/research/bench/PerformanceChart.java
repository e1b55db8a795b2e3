package io.github.ssft4j.research.bench;

import io.github.ssft4j.research.report.PngFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ModelLoadException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws the panels of a results JSON as grouped bar charts (Java2D, headless), one panel beside the other:
 * {@code {"panels": [{"title", "unit", "groups": [..], "series": [{"name", "values": [..]}]}]}}.
 */
public final class PerformanceChart {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd)};
  private static final int PANEL_W = 420;
  private static final int H = 470;

  private PerformanceChart() {}

  /** Reads {@code json}'s {@code panels} and writes {@code png} atomically. */
  public static void write(Path json, Path png) {
    JsonNode panels;
    try {
      panels = new ObjectMapper().readTree(json.toFile()).get("panels");
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + json + ": " + e.getMessage(), e);
    }
    if (panels == null || !panels.isArray() || panels.isEmpty()) {
      throw new ModelLoadException(json + ": no 'panels' array");
    }
    int w = 40 + panels.size() * (PANEL_W + 60);
    BufferedImage img = new BufferedImage(w, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, H);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int p = 0; p < panels.size(); p++) {
        panel(g, 70 + p * (PANEL_W + 60), 50, PANEL_W, 300, panels.get(p));
      }
    } finally {
      g.dispose();
    }
    PngFiles.write(png, img);
  }

  private static void panel(Graphics2D g, int x0, int y0, int w, int h, JsonNode p) {
    JsonNode groups = p.get("groups");
    JsonNode series = p.get("series");
    double max = 0;
    for (JsonNode s : series) {
      for (JsonNode v : s.get("values")) {
        max = Math.max(max, v.asDouble());
      }
    }
    double top = niceCeiling(max);
    g.setColor(Color.BLACK);
    g.drawString(p.get("title").asText(), x0 - 40, y0 - 24);
    g.drawString(p.path("unit").asText(""), x0 - 40, y0 - 8);
    int bottom = y0 + h;
    for (int i = 0; i <= 5; i++) {
      int y = bottom - h * i / 5;
      g.setColor(new Color(0xdddddd));
      g.drawLine(x0, y, x0 + w, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, top >= 10 ? "%.0f" : "%.1f", top * i / 5), x0 - 38, y + 4);
    }
    g.drawLine(x0, y0, x0, bottom);
    int groupW = w / groups.size();
    int barW = Math.max(6, (groupW - 14) / series.size());
    for (int gi = 0; gi < groups.size(); gi++) {
      int gx = x0 + gi * groupW + 7;
      for (int si = 0; si < series.size(); si++) {
        double v = series.get(si).get("values").get(gi).asDouble();
        int bh = (int) Math.round(h * v / top);
        g.setColor(COLORS[si % COLORS.length]);
        g.fillRect(gx + si * barW, bottom - bh, barW - 2, bh);
      }
      g.setColor(Color.BLACK);
      g.drawString(groups.get(gi).asText(), gx, bottom + 16);
    }
    int ly = bottom + 36;
    for (int si = 0; si < series.size(); si++) {
      g.setColor(COLORS[si % COLORS.length]);
      g.fillRect(x0, ly + si * 18 - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series.get(si).get("name").asText(), x0 + 18, ly + si * 18);
    }
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double step = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= v) {
        return m * step;
      }
    }
    return 10 * step;
  }
}
