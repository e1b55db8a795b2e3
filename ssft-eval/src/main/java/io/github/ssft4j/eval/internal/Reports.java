package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.EvaluationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes an evaluation's results page (Markdown, JSON, PNG) and per-problem CSV; every file atomically. */
final class Reports {
  private Reports() {}

  static Path write(EvaluationResult r, Path dir) {
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve("results.md");
      atomic(md, markdown(r).getBytes(StandardCharsets.UTF_8));
      atomic(dir.resolve("results.json"),
          Journal.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(r));
      atomic(dir.resolve("problems.csv"), csv(r).getBytes(StandardCharsets.UTF_8));
      atomic(dir.resolve("results.png"), png(r));
      return md;
    } catch (IOException e) {
      throw new EvaluationException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
  }

  static Path summary(Map<String, EvaluationResult> runs, Path dir) {
    if (runs.isEmpty()) {
      throw new EvaluationException("a summary needs at least one run");
    }
    List<String> metrics = new ArrayList<>();
    runs.values().forEach(r -> r.metrics().keySet().forEach(m -> {
      if (!metrics.contains(m)) {
        metrics.add(m);
      }
    }));
    StringBuilder s = new StringBuilder("| run | problems |");
    metrics.forEach(m -> s.append(' ').append(m).append(" |"));
    s.append(" vote margin |\n|---|---|").append("---|".repeat(metrics.size() + 1)).append('\n');
    runs.forEach((label, r) -> {
      s.append("| ").append(label).append(" | ").append(r.problems()).append(" |");
      metrics.forEach(m -> s.append(' ').append(r.metrics().containsKey(m) ? r.metrics().get(m).format() : "")
          .append(" |"));
      s.append(' ').append(r.voteMargin() == null ? "" : r.voteMargin().format()).append(" |\n");
    });
    s.append("\n![").append(String.join(", ", metrics)).append(" per run](summary.png)\n");
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve("summary.md");
      atomic(md, s.toString().getBytes(StandardCharsets.UTF_8));
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      runs.forEach((label, r) -> json.put(label, Map.of("problems", r.problems(), "metrics", r.metrics(),
          "perTag", r.perTag(), "settings", r.settings())));
      atomic(dir.resolve("summary.json"),
          Journal.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
      atomic(dir.resolve("summary.png"), groupedPng(runs, metrics));
      return md;
    } catch (IOException e) {
      throw new EvaluationException("cannot write the summary into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static final Color[] PALETTE = {new Color(70, 120, 190), new Color(200, 110, 60), new Color(90, 160, 90),
      new Color(150, 90, 170), new Color(190, 170, 60), new Color(90, 170, 180), new Color(160, 160, 160)};

  /** Grouped bars: one group per metric, one bar per run, with interval whiskers. */
  static byte[] groupedPng(Map<String, EvaluationResult> runs, List<String> metrics) throws IOException {
    int w = Math.max(700, 120 + metrics.size() * (runs.size() * 28 + 40));
    int h = 460;
    int top = 40;
    int bottom = 360;
    BufferedImage img = canvas(w, h);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawLine(50, bottom, w - 20, bottom);
    g.drawLine(50, top, 50, bottom);
    for (int k = 0; k <= 4; k++) {
      int y = bottom - (bottom - top) * k / 4;
      g.drawString(String.format(Locale.ROOT, "%.2f", k / 4.0), 15, y + 4);
    }
    List<String> labels = new ArrayList<>(runs.keySet());
    int groupWidth = runs.size() * 28 + 40;
    for (int m = 0; m < metrics.size(); m++) {
      int gx = 70 + m * groupWidth;
      for (int r = 0; r < labels.size(); r++) {
        Estimate e = runs.get(labels.get(r)).metrics().get(metrics.get(m));
        if (e == null) {
          continue;
        }
        int x = gx + r * 28;
        int y = bottom - (int) Math.round((bottom - top) * clamp(e.value()));
        g.setColor(PALETTE[r % PALETTE.length]);
        g.fillRect(x, y, 22, bottom - y);
        g.setColor(Color.BLACK);
        whisker(g, x + 11, e, top, bottom);
      }
      g.drawString(metrics.get(m), gx, bottom + 16);
    }
    for (int r = 0; r < labels.size(); r++) {
      int x = 60 + (r % 4) * ((w - 80) / 4);
      int y = bottom + 40 + (r / 4) * 16;
      g.setColor(PALETTE[r % PALETTE.length]);
      g.fillRect(x, y - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(labels.get(r), x + 16, y);
    }
    g.dispose();
    return encode(img);
  }

  static String markdown(EvaluationResult r) {
    StringBuilder s = new StringBuilder();
    s.append("# ").append(r.benchmark()).append(": evaluation results\n\n");
    for (Map.Entry<String, String> e : r.settings().entrySet()) {
      String v = e.getValue().replace("\n", " ");
      s.append("- ").append(e.getKey()).append(": ").append(v.length() > 160 ? v.substring(0, 157) + "..." : v)
          .append('\n');
    }
    s.append(String.format(Locale.ROOT, "- problems scored: %d (incomplete, left out: %d); samples: %d%n%n",
        r.problems(), r.incompleteProblems(), r.samples()));
    s.append("Intervals: 95% percentile bootstrap over problems, ").append(Scoring.RESAMPLES)
        .append(" resamples.\n\n| metric | value [95% interval] |\n|---|---|\n");
    r.metrics().forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v.format()).append(" |\n"));
    if (r.voteMargin() != null) {
      s.append("| vote margin (mean) | ").append(r.voteMargin().format()).append(" |\n");
    }
    s.append("\n### Accuracy per tag\n\n| tag | accuracy [95% interval] |\n|---|---|\n");
    r.perTag().forEach((t, v) -> s.append("| ").append(tagName(t)).append(" | ").append(v.format()).append(" |\n"));
    s.append("\n![metrics, per-tag accuracy and vote margins](results.png)\n\nPer problem: `problems.csv`.\n");
    return s.toString();
  }

  static String csv(EvaluationResult r) {
    StringBuilder s = new StringBuilder("id,gold");
    List<String> names = new ArrayList<>(r.metrics().keySet());
    names.forEach(n -> s.append(',').append(cell(n)));
    s.append(",voted_answer,voted_correct,vote_margin,samples,correct_samples\n");
    for (EvaluationResult.ProblemResult p : r.perProblem()) {
      s.append(cell(p.id())).append(',').append(cell(p.gold()));
      names.forEach(n -> s.append(',').append(String.format(Locale.ROOT, "%.4f", p.scores().get(n))));
      s.append(',').append(cell(p.votedAnswer())).append(',').append(p.votedCorrect())
          .append(String.format(Locale.ROOT, ",%.4f,%d,%d%n", p.voteMargin(), p.samples(), p.correctSamples()));
    }
    return s.toString();
  }

  private static String cell(String v) {
    return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  static String tagName(int t) {
    return t == 0 ? "(untagged)" : "`<think" + t + ">`";
  }

  /** Three panels: metrics with intervals, per-tag accuracy with intervals, histogram of vote margins. */
  static byte[] png(EvaluationResult r) throws IOException {
    int w = 1200;
    int h = 420;
    BufferedImage img = canvas(w, h);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    List<String> labels = new ArrayList<>(r.metrics().keySet());
    List<Estimate> values = new ArrayList<>(r.metrics().values());
    bars(g, 20, "Metrics (" + r.benchmark() + ", " + r.problems() + " problems)", labels, values,
        new Color(70, 120, 190));
    List<String> tagLabels = new ArrayList<>();
    r.perTag().keySet().forEach(t -> tagLabels.add(t == 0 ? "none" : "t" + t));
    bars(g, 420, "Accuracy per tag", tagLabels, new ArrayList<>(r.perTag().values()), new Color(90, 160, 90));
    int[] bins = new int[10];
    r.perProblem().forEach(p -> bins[Math.min(9, (int) (p.voteMargin() * 10))]++);
    List<String> binLabels = new ArrayList<>();
    List<Estimate> binValues = new ArrayList<>();
    int max = 1;
    for (int b : bins) {
      max = Math.max(max, b);
    }
    for (int b = 0; b < 10; b++) {
      binLabels.add(String.format(Locale.ROOT, "%.1f", b / 10.0));
      double f = (double) bins[b] / max;
      binValues.add(new Estimate(f, f, f));
    }
    bars(g, 820, "Vote margin (problems per bin, scaled)", binLabels, binValues, new Color(200, 130, 60));
    g.dispose();
    return encode(img);
  }

  private static void bars(Graphics2D g, int x0, String title, List<String> labels, List<Estimate> values,
      Color color) {
    int top = 50;
    int bottom = 360;
    int width = 360;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, x0, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawLine(x0 + 30, bottom, x0 + width, bottom);
    g.drawLine(x0 + 30, top, x0 + 30, bottom);
    for (int k = 0; k <= 4; k++) {
      int y = bottom - (bottom - top) * k / 4;
      g.drawString(String.format(Locale.ROOT, "%.2f", k / 4.0), x0, y + 4);
    }
    int n = Math.max(1, labels.size());
    int slot = (width - 40) / n;
    for (int i = 0; i < labels.size(); i++) {
      Estimate e = values.get(i);
      int x = x0 + 40 + i * slot;
      int bw = Math.max(4, slot * 2 / 3);
      int y = bottom - (int) Math.round((bottom - top) * clamp(e.value()));
      g.setColor(color);
      g.fillRect(x, y, bw, bottom - y);
      g.setColor(Color.BLACK);
      whisker(g, x + bw / 2, e, top, bottom);
      String label = labels.get(i);
      g.drawString(label.length() > 12 ? label.substring(0, 12) : label, x, bottom + 15 + (i % 2) * 13);
    }
  }

  /** The interval of {@code e} as a vertical line with caps at {@code x}; nothing for a zero-width interval. */
  private static void whisker(Graphics2D g, int x, Estimate e, int top, int bottom) {
    if (!(e.upper() > e.lower())) {
      return;
    }
    int yl = bottom - (int) Math.round((bottom - top) * clamp(e.lower()));
    int yu = bottom - (int) Math.round((bottom - top) * clamp(e.upper()));
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(x, yl, x, yu);
    g.drawLine(x - 4, yl, x + 4, yl);
    g.drawLine(x - 4, yu, x + 4, yu);
  }

  private static BufferedImage canvas(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static byte[] encode(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  static void atomic(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
