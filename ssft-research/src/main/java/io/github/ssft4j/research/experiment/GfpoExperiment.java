package io.github.ssft4j.research.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.research.eval.TagEvaluation;
import io.github.ssft4j.research.eval.TagPolicyMetrics;
import io.github.ssft4j.research.task.SubtractionTask;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.gfpo.GfpoTrainer;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.train.internal.ssft.SsftTrainer;
import io.github.ssft4j.train.internal.ssft.TorchThreads;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GFPO experiment on the synthetic subtraction task: train (or reuse) the SSFT model, choose GFPO's learning
 * rate by a short sweep scored on development questions, run GFPO on training questions (disjoint from the
 * held-out ones), and compare on the held-out set every way of choosing the tag: each fixed tag, a uniformly
 * random one, the model's own (arg-max and sampled), and the per-question oracle; Cons@N with N model-sampled tags
 * against one branch per tag; the policy's entropy before and after; how often the model avoids, on each
 * strategy's bug slice, the strategy that fails there. Writes {@code gfpo.md}, {@code gfpo.json} and
 * {@code gfpo.png}.
 */
public final class GfpoExperiment {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SSFT_MAX_SEQ_LEN = 128;

  /**
   * @param model the starting checkpoint for SSFT ({@code <think1>..<think6>} in its tokenizer)
   * @param ssftModel an already SSFT-trained checkpoint to start GFPO from, or {@code null} to train one
   * @param out working folder
   * @param resultsDir where the page, JSON and chart go
   * @param trainQuestions training questions (SSFT traces; GFPO uses their questions and answers)
   * @param devQuestions of those, held back from GFPO to score the learning-rate sweep
   * @param testQuestions held-out questions
   * @param ssftSteps SSFT steps (as the SSFT-vs-SFT experiment: 600)
   * @param gfpo the GFPO run's settings; its learning rate is replaced by the sweep's choice
   * @param learningRates the sweep's candidates
   * @param sweepSteps steps of each sweep run
   * @param maxNewTokens most tokens a branch generates (rollouts and evaluation)
   * @param seed seeds data, training and draws
   */
  public record Settings(Path model, Path ssftModel, Path out, Path resultsDir, int trainQuestions, int devQuestions,
      int testQuestions, int ssftSteps, GfpoConfig gfpo, List<Double> learningRates, int sweepSteps,
      int maxNewTokens, long seed) {}

  private GfpoExperiment() {}

  /**
   * Runs everything; a stage whose output folder is complete is reused.
   *
   * @param s settings
   * @param log progress output
   * @param training receives the training stages' events
   * @return the page written
   */
  public static Path run(Settings s, PrintStream log, TrainingListener training) {
    long t0 = System.nanoTime();
    Path dataDir = s.out().resolve("data");
    List<Path> files = SubtractionTask.writeSplits(dataDir, s.trainQuestions(), s.testQuestions(), s.seed());
    List<TrainingRecord> train = JsonlDataset.read(files.get(0), ForkingTokens.DEFAULT.count());
    List<TrainingRecord> test = JsonlDataset.read(files.get(1), ForkingTokens.DEFAULT.count());
    List<TrainingRecord> dev = train.subList(0, s.devQuestions());
    Path gfpoData = dataDir.resolve("gfpo-train.jsonl");
    SubtractionTask.write(gfpoData, train.subList(s.devQuestions(), train.size()));

    Path ssft = s.ssftModel() != null ? s.ssftModel() : trainSsft(s, files.get(0), log, training);
    Path ssftOnnx = export(ssft, s.out().resolve("ssft-onnx"), log);
    log.println("SSFT model: evaluating " + test.size() + " held-out and " + dev.size() + " development questions");
    List<TagEvaluation.Row> before = TagEvaluation.evaluate(ssftOnnx, test, s.maxNewTokens(), log);
    List<TagEvaluation.Row> devBefore = TagEvaluation.evaluate(ssftOnnx, dev, s.maxNewTokens(), log);

    GenerationOptions rollout = s.gfpo().rollout().withMaxNewTokens(s.maxNewTokens());
    List<Sweep> sweep = new ArrayList<>();
    for (double lr : s.learningRates()) {
      GfpoConfig c = s.gfpo().toBuilder().learningRate(lr).steps(s.sweepSteps()).rollout(rollout)
          .warmupSteps(0).build();
      Path dir = s.out().resolve(String.format(Locale.ROOT, "sweep-lr-%.0e", lr));
      Run r = gfpo(ssft, gfpoData, dir, c, log, training);
      List<TagEvaluation.Row> rows = TagEvaluation.evaluate(export(r.checkpoint(), dir.resolve("onnx"), log), dev,
          s.maxNewTokens(), log);
      TagPolicyMetrics m = TagPolicyMetrics.of(rows, s.seed());
      log.printf(Locale.ROOT, "sweep lr %.1e: development Pass@1 arg-max %.3f, sampled %.3f, entropy %.3f%n", lr,
          m.modelArgmax().estimate(), m.modelSampled().estimate(), m.entropy());
      sweep.add(new Sweep(lr, m, r));
    }
    Sweep chosen = sweep.get(0);
    for (Sweep w : sweep) {
      if (w.metrics().modelArgmax().estimate() > chosen.metrics().modelArgmax().estimate() + 1e-9) {
        chosen = w;
      }
    }
    log.printf(Locale.ROOT, "chosen learning rate %.1e%n", chosen.lr());
    GfpoConfig finalConfig = s.gfpo().toBuilder().learningRate(chosen.lr()).rollout(rollout).build();
    Run run = finalConfig.steps() == s.sweepSteps() ? chosen.run()
        : gfpo(ssft, gfpoData, s.out().resolve("gfpo"), finalConfig, log, training);
    Path gfpoOnnx = export(run.checkpoint(), run.checkpoint().resolveSibling("onnx"), log);
    List<TagEvaluation.Row> after = TagEvaluation.evaluate(gfpoOnnx, test, s.maxNewTokens(), log);
    double minutes = (System.nanoTime() - t0) / 60e9;
    TagPolicyMetrics start = TagPolicyMetrics.of(before, s.seed());
    return writePage(s, finalConfig, start, TagPolicyMetrics.of(after, s.seed()),
        TagPolicyMetrics.againstStart(before, start.bestFixed(), after, s.seed()),
        TagPolicyMetrics.of(devBefore, s.seed()), sweep, chosen, run, minutes, log);
  }

  /** A finished GFPO run. */
  record Run(Path checkpoint, GfpoTrainer.StepTimes times, double seconds, List<Double> rewardCurve) {}

  /** One learning rate of the sweep. */
  record Sweep(double lr, TagPolicyMetrics metrics, Run run) {}

  private static Path trainSsft(Settings s, Path train, PrintStream log, TrainingListener training) {
    Path dir = s.out().resolve("ssft");
    Path model = dir.resolve("model");
    if (Files.isRegularFile(dir.resolve("done.json"))) {
      log.println("SSFT: already trained, " + model);
      return model;
    }
    // As the SSFT-vs-SFT experiment trains it.
    TrainingConfig config = TrainingConfig.builder().method(TrainingMethod.SSFT).steps(s.ssftSteps()).batchSize(4)
        .learningRate(1e-3).warmupSteps(Math.max(1, s.ssftSteps() / 10)).maxSeqLen(SSFT_MAX_SEQ_LEN)
        .checkpointEvery(Math.max(50, s.ssftSteps() / 4)).seed(s.seed()).build();
    TrainingSummary summary;
    try (TorchThreads threads = TorchThreads.apply(0, s.model())) {
      summary = new SsftTrainer(config, training).train(s.model(), train, dir);
    }
    write(dir.resolve("done.json"), String.format(Locale.ROOT, "{\"seconds\": %.1f, \"finalLoss\": %.5f}",
        summary.seconds(), summary.finalLoss()));
    return summary.checkpoint();
  }

  private static Run gfpo(Path start, Path data, Path dir, GfpoConfig config, PrintStream log,
      TrainingListener training) {
    Path done = dir.resolve("done.json");
    try {
      if (Files.isRegularFile(done)) {
        log.println("GFPO: already trained, " + dir);
        var node = JSON.readTree(done.toFile());
        GfpoTrainer.StepTimes t = JSON.treeToValue(node.get("times"), GfpoTrainer.StepTimes.class);
        return new Run(dir.resolve("model"), t, node.path("seconds").asDouble(), rewardCurve(dir));
      }
      GfpoTrainer trainer = new GfpoTrainer(config, RuntimeOptions.DEFAULT, training);
      TrainingSummary summary;
      try (TorchThreads threads = TorchThreads.apply(0, start)) {
        summary = trainer.train(start, data, dir);
      }
      ObjectNode info = JSON.createObjectNode();
      info.putPOJO("times", trainer.stepTimes());
      info.put("seconds", summary.seconds());
      info.put("config", config.toString());
      write(done, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info));
      return new Run(summary.checkpoint(), trainer.stepTimes(), summary.seconds(), rewardCurve(dir));
    } catch (IOException e) {
      throw new TrainingException("GFPO stage " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private static List<Double> rewardCurve(Path dir) throws IOException {
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("gfpo.jsonl"))) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line).path("meanReward").asDouble());
      }
    }
    return out;
  }

  private static Path export(Path checkpoint, Path onnx, PrintStream log) {
    if (!Files.isRegularFile(onnx.resolve("model.onnx"))) {
      long e0 = System.nanoTime();
      ModelExporter.findDefault().export(checkpoint, onnx, ExportOptions.DEFAULT);
      log.printf(Locale.ROOT, "exported %s in %.1f s%n", onnx, (System.nanoTime() - e0) / 1e9);
    }
    return onnx;
  }

  private static Path writePage(Settings s, GfpoConfig config, TagPolicyMetrics before, TagPolicyMetrics after,
      List<Bootstrap.Interval> againstStart, TagPolicyMetrics devBefore, List<Sweep> sweep, Sweep chosen, Run run,
      double minutes, PrintStream log) {
    int n = after.fixed().size();
    Path png = s.resultsDir().resolve("gfpo.png");
    GfpoChart.write(png, before, after, run.rewardCurve());
    StringBuilder md = new StringBuilder();
    md.append("# GFPO: the model picks its own forking tag\n\n");
    md.append("Written by `io.github.ssft4j.research.experiment.GfpoExperiment` (what `ssft experiment gfpo` runs) on ")
        .append("a shared 2-core CPU machine; every number below was measured by that run.\n\n");
    md.append("## Setup\n\n");
    md.append("- Task: the synthetic subtraction task of [SSFT vs SFT](ssft-vs-sft.md): five strategies, each with a ")
        .append("systematic bug on a different, digit-defined fifth of the questions, so picking the tag per question ")
        .append("can beat any fixed tag.\n");
    md.append(String.format(Locale.ROOT, "- Data: %d training questions (seed %d); the first %d are development ",
        s.trainQuestions(), s.seed(), s.devQuestions()))
        .append(String.format(Locale.ROOT, "questions for the learning-rate sweep, GFPO trains on the other %d; "
            + "%d held-out questions, disjoint from both.%n", s.trainQuestions() - s.devQuestions(), s.testQuestions()));
    md.append("- Start: ").append(s.ssftModel() != null ? "the SSFT checkpoint `" + s.ssftModel() + "`"
        : String.format(Locale.ROOT, "SSFT from `%s`, %d steps, 4 questions a step, lr 1e-3 (as the SSFT-vs-SFT "
            + "page)", relative(s.model()), s.ssftSteps())).append(".\n");
    md.append(String.format(Locale.ROOT, "- GFPO (`scope=fork`): %d steps, B = %d questions a step, G = %d tags drawn "
        + "per question from the model's fork policy, rollouts on ONNX Runtime from the current weights (T %s, top-p "
        + "%s, at most %d new tokens), reward 1 if the `ssft-voting` verifier accepts the answer else 0, advantages "
        + "scaled by the group's std (`scale=%s`, epsilon %.0e), loss -A log pi(tag), one inner iteration (no clipping "
        + "in effect), %s, AdamW (betas 0.9/0.99, no weight decay) on **%s** parameters, constant lr **%.0e** chosen "
        + "by the sweep below, clip-norm %.1f, seed %d.%n", config.steps(), config.questionsPerStep(), config.groupSize(),
        fmt(config.rollout().temperature()), fmt(config.rollout().topP()), config.rollout().maxNewTokens(),
        config.scaleRewards().name().toLowerCase(Locale.ROOT), config.epsilon(), klText(config),
        config.trainable() == GfpoConfig.Trainable.HEAD ? "the output head's" : "all", config.learningRate(),
        config.clipNorm(), config.seed()));
    md.append(String.format(Locale.ROOT, "- Evaluation: each held-out question answered greedily (at most %d new "
        + "tokens) under every tag, and the model's fork distribution recorded; so every tag policy's Pass@1 is exact: "
        + "a fixed tag, a uniformly random tag (mean over tags), the model's arg-max tag, a tag drawn from the model's "
        + "policy (expected: sum of pi(i) * correct(i); and one seeded draw), the per-question oracle (any tag right). "
        + "Cons@%d: majority over one branch per tag, or over %d tags drawn from the policy. Intervals: 95%% "
        + "percentile bootstrap over questions, %d resamples; differences are paired.%n%n", s.maxNewTokens(), n, n,
        TagPolicyMetrics.RESAMPLES));

    md.append("## Held-out results\n\n");
    md.append("| tag policy | SSFT model | after GFPO |\n|---|---|---|\n");
    for (int t = 0; t < n; t++) {
      md.append("| fixed `<think").append(t + 1).append(">`").append(t == after.bestFixed() ? " (best fixed after)" : "")
          .append(" | ").append(before.fixed().get(t).format()).append(" | ").append(after.fixed().get(t).format())
          .append(" |\n");
    }
    row(md, "uniformly random tag", before.uniform(), after.uniform());
    row(md, "**model's tag, arg-max**", before.modelArgmax(), after.modelArgmax());
    row(md, "**model's tag, sampled** (expected)", before.modelSampled(), after.modelSampled());
    row(md, "model's tag, sampled (one seeded draw)", before.modelSampledDraw(), after.modelSampledDraw());
    row(md, "per-question oracle tag", before.oracle(), after.oracle());
    row(md, "Cons@" + n + ", one branch per tag", before.consFixed(), after.consFixed());
    row(md, "**Cons@" + n + ", " + n + " model-sampled tags**", before.consModel(), after.consModel());
    md.append(String.format(Locale.ROOT, "| fork-policy entropy (nats; uniform = %.3f) | %.3f | %.3f |%n%n",
        Math.log(n), before.entropy(), after.entropy()));
    md.append("Paired differences after GFPO (held-out):\n\n");
    md.append("- **model arg-max Pass@1 - best fixed tag (`<think").append(after.bestFixed() + 1).append(">`) Pass@1 = ")
        .append(after.argmaxMinusBest().format()).append("**\n");
    md.append("- model sampled Pass@1 - best fixed tag Pass@1 = ").append(after.sampledMinusBest().format()).append('\n');
    md.append("- Cons@").append(n).append(" model-sampled - Cons@").append(n).append(" fixed = ")
        .append(after.consModelMinusFixed().format()).append("\n");
    md.append("- against the SSFT model: model arg-max Pass@1 after GFPO - the SSFT model's best fixed tag (`<think")
        .append(before.bestFixed() + 1).append(">`) = ").append(againstStart.get(0).format())
        .append("; Cons@").append(n).append(" model-sampled after - the SSFT model's Cons@").append(n)
        .append(" one branch per tag = ").append(againstStart.get(1).format()).append("\n\n");
    md.append("The best fixed tag is picked on the held-out set itself, which favours the baseline.\n\n");

    md.append("### How often the model avoids the strategy that fails (held-out bug slices)\n\n");
    md.append("For each strategy, the held-out questions on which that strategy's bug fires; the share of the "
        + "policy's probability on tags whose trace follows another strategy, and how often the arg-max tag's does "
        + "(a uniformly random tag for comparison).\n\n");
    md.append("| bug slice of | questions | avoided, policy mass: SSFT -> GFPO | avoided, arg-max: SSFT -> GFPO | uniform tag |\n");
    md.append("|---|---|---|---|---|\n");
    for (int i = 0; i < after.slices().size(); i++) {
      TagPolicyMetrics.Slice a = after.slices().get(i);
      TagPolicyMetrics.Slice b = before.slices().get(i);
      md.append(String.format(Locale.ROOT, "| %s | %d | %.3f -> %.3f | %.3f -> %.3f | %.3f |%n", a.strategy(),
          a.questions(), b.avoidExpected(), a.avoidExpected(), b.avoidArgmax(), a.avoidArgmax(), a.uniformAvoid()));
    }
    md.append("\nShare of held-out questions on which each tag is the arg-max: SSFT ")
        .append(shares(before.argmaxShare())).append(", after GFPO ").append(shares(after.argmaxShare()))
        .append(".\n\n");
    md.append("![Pass@1 per tag policy, before and after GFPO, and the training reward](gfpo.png)\n\n");

    md.append("## Choosing the hyper-parameters\n\n");
    md.append(String.format(Locale.ROOT, "Learning rate: %d-step GFPO runs from the SSFT model, scored by the "
        + "model's arg-max Pass@1 on the %d development questions (SSFT model there: arg-max %.3f, best fixed tag "
        + "%.3f, oracle %.3f):%n%n", s.sweepSteps(), s.devQuestions(), devBefore.modelArgmax().estimate(),
        devBefore.fixed().get(devBefore.bestFixed()).estimate(), devBefore.oracle().estimate()));
    md.append("| lr | dev Pass@1 arg-max | dev Pass@1 sampled | dev best fixed tag | dev entropy | mean training reward, last 10 steps | step (ms) |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Sweep w : sweep) {
      List<Double> curve = w.run().rewardCurve();
      double last = curve.subList(Math.max(0, curve.size() - 10), curve.size()).stream().mapToDouble(d -> d)
          .average().orElse(Double.NaN);
      md.append(String.format(Locale.ROOT, "| %.0e%s | %s | %s | %s | %.3f | %.3f | %.0f |%n", w.lr(),
          w == chosen ? " (chosen)" : "", w.metrics().modelArgmax().format(), w.metrics().modelSampled().format(),
          w.metrics().fixed().get(w.metrics().bestFixed()).format(), w.metrics().entropy(), last,
          w.run().times().stepMillis()));
    }
    md.append("\nThe other settings follow from the task and from TRL's GRPO defaults: G = 6 (one draw per tag on "
        + "average, so a group almost always holds a right and a wrong tag where any exists), group scaling (a "
        + "question whose tags all agree carries no signal and gets advantage 0), one inner iteration (fresh "
        + "rollouts every step are cheap here, so no importance ratio and no clipping is needed), " + klText(config)
        + " (the per-tag Pass@1 after GFPO above shows whether the traces themselves moved). Rollouts use the "
        + "evaluation's decoding, so a branch's reward is what the evaluation will count.\n\n");

    GfpoTrainer.StepTimes t = run.times();
    md.append("## Time\n\n");
    md.append(String.format(Locale.ROOT, "- GFPO run: %.0f s for %d steps; mean step %.0f ms = re-export to ONNX "
        + "Runtime %.0f ms + fork policy and tag draws (DJL) %.0f ms + rollouts and rewards (ONNX Runtime, %d "
        + "branches) %.0f ms + update (DJL forward/backward, AdamW) %.0f ms (%d steps measured, the first left out).%n",
        run.seconds(), config.steps(), t.stepMillis(), t.exportMillis(), t.policyMillis(), config.questionsPerStep()
            * config.groupSize(), t.rolloutMillis(), t.updateMillis(), t.measuredSteps()));
    md.append(String.format(Locale.ROOT, "- Whole experiment (data, SSFT unless reused, sweep, GFPO, exports, four "
        + "evaluations, page): %.1f minutes.%n%n", minutes));

    md.append("## Acceptance\n\n");
    Bootstrap.Interval diff = after.argmaxMinusBest();
    md.append("- Model-chosen (arg-max) Pass@1 above the best fixed tag's, the paired 95% interval of the "
        + "difference above 0: ").append(diff.lower() > 0 ? "**yes**" : "**no**").append(" (").append(diff.format())
        .append(")\n");
    md.append("- Sampled model tag: ").append(after.sampledMinusBest().lower() > 0 ? "**yes**" : "**no**").append(" (")
        .append(after.sampledMinusBest().format()).append(")\n");
    Path page = s.resultsDir().resolve("gfpo.md");
    try {
      Files.createDirectories(s.resultsDir());
      write(page, md.toString());
      ObjectNode raw = JSON.createObjectNode();
      raw.put("config", config.toString());
      raw.put("chosenLearningRate", chosen.lr());
      raw.putPOJO("before", metricsJson(before));
      raw.putPOJO("after", metricsJson(after));
      raw.putPOJO("argmaxAfterMinusBestFixedBefore", againstStart.get(0));
      raw.putPOJO("consModelAfterMinusConsFixedBefore", againstStart.get(1));
      raw.putPOJO("developmentBefore", metricsJson(devBefore));
      ArrayNode sw = raw.putArray("sweep");
      for (Sweep w : sweep) {
        ObjectNode o = sw.addObject();
        o.put("lr", w.lr());
        o.putPOJO("development", metricsJson(w.metrics()));
        o.putPOJO("rewardCurve", w.run().rewardCurve());
        o.putPOJO("times", w.run().times());
      }
      raw.putPOJO("rewardCurve", run.rewardCurve());
      raw.putPOJO("times", run.times());
      raw.put("gfpoSeconds", run.seconds());
      raw.put("minutes", minutes);
      write(s.resultsDir().resolve("gfpo.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(raw));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + page + ": " + e.getMessage(), e);
    }
    log.println("wrote " + page + " and " + png);
    return page;
  }

  private static Map<String, Object> metricsJson(TagPolicyMetrics m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fixed", m.fixed());
    out.put("bestFixed", m.bestFixed() + 1);
    out.put("modelArgmax", m.modelArgmax());
    out.put("modelSampled", m.modelSampled());
    out.put("modelSampledDraw", m.modelSampledDraw());
    out.put("uniform", m.uniform());
    out.put("oracle", m.oracle());
    out.put("consFixed", m.consFixed());
    out.put("consModel", m.consModel());
    out.put("argmaxMinusBest", m.argmaxMinusBest());
    out.put("sampledMinusBest", m.sampledMinusBest());
    out.put("consModelMinusFixed", m.consModelMinusFixed());
    out.put("entropy", m.entropy());
    out.put("argmaxShare", m.argmaxShare());
    out.put("slices", m.slices());
    return out;
  }

  private static void row(StringBuilder md, String label, Bootstrap.Interval a, Bootstrap.Interval b) {
    md.append("| ").append(label).append(" | ").append(a.format()).append(" | ").append(b.format()).append(" |\n");
  }

  private static String shares(double[] v) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : ", ").append("`<think").append(i + 1).append(">` ")
          .append(String.format(Locale.ROOT, "%.2f", v[i]));
    }
    return s.toString();
  }

  private static String klText(GfpoConfig c) {
    if (c.klCoefficient() == 0 && c.traceKlCoefficient() == 0) {
      return "no KL";
    }
    List<String> parts = new ArrayList<>();
    if (c.klCoefficient() > 0) {
      parts.add(String.format(Locale.ROOT, "KL %.3g x KL(pi || pi_start) over the tags", c.klCoefficient()));
    }
    if (c.traceKlCoefficient() > 0) {
      parts.add(String.format(Locale.ROOT, "trace KL %.3g x the per-token k3 KL from the SSFT model on every "
          + "rollout's completion tokens", c.traceKlCoefficient()));
    }
    return String.join(", ", parts);
  }

  private static String fmt(double v) {
    return v == 0 ? "0 (greedy)" : String.format(Locale.ROOT, "%s", v);
  }

  private static String relative(Path p) {
    String s = p.toString().replace('\\', '/');
    int i = s.indexOf("fixtures/");
    return i >= 0 ? s.substring(i) : s;
  }

  private static void write(Path file, String text) {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
