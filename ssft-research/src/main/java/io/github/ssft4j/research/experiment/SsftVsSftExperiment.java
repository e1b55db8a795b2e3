package io.github.ssft4j.research.experiment;

import io.github.ssft4j.train.internal.hf.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.voting.metrics.Bootstrap;
import io.github.ssft4j.research.report.InputNames;
import io.github.ssft4j.research.eval.Evaluator;
import io.github.ssft4j.research.eval.MethodMetrics;
import io.github.ssft4j.research.eval.QuestionResult;
import io.github.ssft4j.TrainingConfig.Packing;
import io.github.ssft4j.train.internal.ssft.SsftTrainer;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.train.internal.ssft.TorchThreads;
import io.github.ssft4j.research.task.Strategy;
import io.github.ssft4j.research.task.SubtractionTask;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SSFT-versus-SFT experiment: generates the subtraction task, trains SSFT, SFT-mixed and random-tags from the
 * same checkpoint with the same data, steps, batch and seed, exports each to ONNX, answers the held-out questions
 * with one branch per tag through {@code ssft-runtime-cuda}, and writes the results page with its chart.
 *
 * <p>A method whose {@code <out>/<method>/done.json} exists is not retrained, so an interrupted experiment
 * continues where it stopped.
 */
public final class SsftVsSftExperiment {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Examples are about 50 tokens; 128 gives the cost pass L = floor(128 / (6 * 5)) = 4 trace tokens. */
  private static final int MAX_SEQ_LEN = 128;
  private static final List<TrainingMethod> METHODS =
      List.of(TrainingMethod.SSFT, TrainingMethod.SFT_MIXED, TrainingMethod.RANDOM_TAGS);

  /**
   * @param model the starting Hugging Face checkpoint (with {@code <think1>..<think6>} in its tokenizer)
   * @param out working folder (data, checkpoints, exported models, raw results)
   * @param resultsDir where {@code ssft-vs-sft.md} and its PNG are written
   * @param trainQuestions training questions
   * @param testQuestions held-out questions, {@code >= 500} for the published table
   * @param steps optimiser steps, the same for every method
   * @param batchSize questions per step
   * @param learningRate peak learning rate
   * @param seed seeds data, training and sampling
   * @param temperature evaluation temperature, 0 for greedy
   * @param maxNewTokens most tokens a branch generates
   * @param benchRounds alternating SSFT / SFT-mixed rounds of the step-time benchmark, 0 to skip it
   */
  public record Settings(Path model, Path out, Path resultsDir, int trainQuestions, int testQuestions, int steps,
      int batchSize, double learningRate, long seed, double temperature, int maxNewTokens, int benchRounds) {}

  /**
   * What a method produced.
   *
   * @param method the method
   * @param metrics its scores
   * @param results per question
   * @param stepMillis mean wall time of a training step
   * @param costMillis mean wall time of the SSFT cost pass within a step
   * @param trainSeconds training wall time
   * @param finalLoss last training loss
   * @param evalSeconds evaluation wall time
   * @param resumed whether training was done by an earlier run
   */
  public record MethodRun(TrainingMethod method, MethodMetrics metrics, List<QuestionResult> results,
      double stepMillis, double costMillis, double trainSeconds, double finalLoss, double evalSeconds,
      boolean resumed) {}

  private SsftVsSftExperiment() {}

  /**
   * Runs everything.
   *
   * @param s settings
   * @param log where the experiment's own lines go
   * @param training receives the training runs' progress
   * @return the page written
   */
  public static Path run(Settings s, PrintStream log, TrainingListener training) {
    long t0 = System.nanoTime();
    Path dataDir = s.out().resolve("data");
    List<Path> files = SubtractionTask.writeSplits(dataDir, s.trainQuestions(), s.testQuestions(), s.seed());
    List<TrainingRecord> test = JsonlDataset.read(files.get(1), ForkingTokens.DEFAULT.count());
    GenerationOptions gen = GenerationOptions.DEFAULT.withTemperature(s.temperature())
        .withMaxNewTokens(s.maxNewTokens()).withSeed(s.seed());
    List<StepTimeBench.Result> bench = new ArrayList<>();
    if (s.benchRounds() > 0) {
      for (Packing p : List.of(Packing.SHARED_PROMPT, Packing.BLOCK_DIAGONAL)) {
        bench.add(StepTimeBench.run(s.model(), files.get(0), s.batchSize(), MAX_SEQ_LEN, p, s.benchRounds()));
        log.println("step time: " + bench.get(bench.size() - 1).format());
      }
    }
    List<MethodRun> runs = new ArrayList<>();
    for (TrainingMethod method : METHODS) {
      runs.add(runMethod(s, method, files.get(0), test, gen, log, training));
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    return writePage(s, runs, bench, minutes, log);
  }

  private static MethodRun runMethod(Settings s, TrainingMethod method, Path train, List<TrainingRecord> test,
      GenerationOptions gen, PrintStream log, TrainingListener training) {
    Path dir = s.out().resolve(method.name().toLowerCase(Locale.ROOT));
    Path done = dir.resolve("done.json");
    try {
      ObjectNode info;
      boolean resumed = Files.isRegularFile(done);
      if (resumed) {
        info = (ObjectNode) JSON.readTree(done.toFile());
        log.println(method + ": already trained, " + done);
      } else {
        TrainingConfig config = TrainingConfig.builder().method(method).steps(s.steps()).batchSize(s.batchSize())
            .learningRate(s.learningRate()).warmupSteps(Math.max(1, s.steps() / 10)).maxSeqLen(MAX_SEQ_LEN)
            .checkpointEvery(Math.max(50, s.steps() / 4)).seed(s.seed()).build();
        SsftTrainer trainer = new SsftTrainer(config, training);
        TrainingSummary summary;
        try (TorchThreads threads = TorchThreads.apply(0, s.model())) {
          summary = trainer.train(s.model(), train, dir);
        }
        Path onnx = dir.resolve("onnx");
        long e0 = System.nanoTime();
        ModelExporter.findDefault().export(summary.checkpoint(), onnx, ExportOptions.DEFAULT);
        log.printf("%s: exported to %s in %.1f s%n", method, onnx, (System.nanoTime() - e0) / 1e9);
        info = JSON.createObjectNode();
        info.put("stepMillis", trainer.stepTimes().meanStepMillis());
        info.put("costMillis", trainer.stepTimes().meanCostMillis());
        info.put("trainSeconds", summary.seconds());
        info.put("finalLoss", summary.finalLoss());
        writeAtomic(done, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
      }
      long v0 = System.nanoTime();
      log.println(method + ": evaluating " + test.size() + " held-out questions, " + gen);
      List<QuestionResult> results = Evaluator.evaluate(dir.resolve("onnx"), test, 6, gen, log);
      double evalSeconds = (System.nanoTime() - v0) / 1e9;
      log.printf("%s: evaluated in %.1f s%n", method, evalSeconds);
      writeAtomic(dir.resolve("eval.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(results));
      MethodMetrics metrics = MethodMetrics.of(results, s.seed());
      log.printf("%s: Pass@1 %s  Cons@6 %s  mean purity %s%n", method, metrics.passAt1().format(),
          metrics.consAtK().format(), metrics.meanPurity().format());
      return new MethodRun(method, metrics, results, info.path("stepMillis").asDouble(),
          info.path("costMillis").asDouble(), info.path("trainSeconds").asDouble(), info.path("finalLoss").asDouble(),
          evalSeconds, resumed);
    } catch (IOException e) {
      throw new TrainingException("experiment step " + method + " failed: " + e.getMessage(), e);
    }
  }

  private static Path writePage(Settings s, List<MethodRun> runs, List<StepTimeBench.Result> bench, double minutes,
      PrintStream log) {
    MethodRun ssft = runs.get(0);
    MethodRun sft = runs.get(1);
    Bootstrap.Interval diff = MethodMetrics.consDifference(ssft.results(), sft.results(), s.seed() + 7);
    double ratio = bench.isEmpty() ? ssft.stepMillis() / sft.stepMillis() : bench.get(0).ratio();
    List<String> names = runs.stream().map(r -> label(r.method())).toList();
    Path png = s.resultsDir().resolve("ssft-vs-sft.png");
    ResultsChart.write(png, names, runs.stream().map(MethodRun::metrics).toList(), 6);
    StringBuilder md = new StringBuilder();
    md.append("# SSFT versus SFT on a synthetic parallel-reasoning task\n\n");
    md.append("Written by `io.github.ssft4j.research.experiment.SsftVsSftExperiment` (what `ssft experiment ssft-vs-sft` ")
        .append("runs) on a shared 2-core CPU machine; every number below was measured by that run.\n\n");
    md.append("## Setup\n\n");
    md.append("- Task: two-digit subtraction `a-b` (`io.github.ssft4j.research.task.SubtractionTask`), five strategies per ")
        .append("question (column with borrowing, counting up, rounding the subtrahend, taking away tens then ones, ")
        .append("shifting both numbers), each with one systematic procedural bug on a different fifth of the questions; ")
        .append("traces are labelled by strategy from their text.\n");
    md.append(String.format(Locale.ROOT, "- Data: %d training questions (5 traces each), %d held-out questions, seed %d.%n",
        s.trainQuestions(), s.testQuestions(), s.seed()));
    md.append("- Start: `").append(InputNames.portable(s.model())).append("` (").append(describe(s.model()))
        .append("); the same checkpoint for every method.\n");
    md.append(String.format(Locale.ROOT, "- Training: %d steps for every method, %d questions a step (all 5 traces of each), ", s.steps(),
        s.batchSize())).append(String.format(Locale.ROOT, "AdamW, peak lr %.1e, 10%% warm-up then cosine, clip 1.0, ",
        s.learningRate())).append(String.format(Locale.ROOT, "max sequence length %d, SSFT cost prefix L = floor(%d / (6 * 5)) = %d tokens, ",
            MAX_SEQ_LEN, MAX_SEQ_LEN, io.github.ssft4j.train.internal.ssft.CostPass.defaultPrefixTokens(MAX_SEQ_LEN, 6, 5)))
        .append("shared-prompt packing; no system prompt.\n");
    md.append("- Evaluation: ONNX export, `ParallelReasoner` (ssft-runtime-cuda, CPU) with one branch per tag ")
        .append(String.format(Locale.ROOT, "`<think1>`..`<think6>`, temperature %s, at most %d new tokens, majority vote (ssft-voting). ",
            s.temperature() == 0 ? "0 (greedy)" : Double.toString(s.temperature()), s.maxNewTokens()))
        .append("Pass@1 is the `<think1>` branch. Intervals: 95% percentile bootstrap over questions, ")
        .append(MethodMetrics.RESAMPLES).append(" resamples.\n\n");
    md.append("## Results\n\n");
    md.append("| method | Pass@1 `<think1>` | Cons@6 (native) | mean mode purity | distinct dominant strategies "
        + "| final loss | training (s) | evaluation (s) |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (MethodRun r : runs) {
      md.append("| ").append(label(r.method())).append(" | ").append(r.metrics().passAt1().format()).append(" | ")
          .append(r.metrics().consAtK().format()).append(" | ").append(r.metrics().meanPurity().format()).append(" | ")
          .append(r.metrics().distinctDominant()).append(" of 6 tags | ")
          .append(String.format(Locale.ROOT, "%.3f | %.0f | %.0f", r.finalLoss(), r.trainSeconds(), r.evalSeconds()))
          .append(" |\n");
    }
    md.append("\n**Cons@6(SSFT) - Cons@6(SFT-mixed)** = ").append(diff.format())
        .append(" (paired bootstrap).\n\n");
    md.append("**Time per training step, SSFT (packed) / SFT-mixed, same batch:**");
    if (bench.isEmpty()) {
      md.append(String.format(Locale.ROOT, " %.0f ms / %.0f ms = **%.2f** (means over the training runs).%n%n",
          ssft.stepMillis(), sft.stepMillis(), ratio));
    } else {
      md.append(String.format(Locale.ROOT, " **%.2f**, measured by `StepTimeBench` (the two steps alternate on the "
          + "same questions in one process, medians):%n%n", ratio));
      for (StepTimeBench.Result b : bench) {
        md.append("- ").append(b.format()).append('\n');
      }
      md.append(String.format(Locale.ROOT, "- means over the training runs themselves (other load varied between "
          + "them): SSFT %.0f ms (cost pass %.0f ms), SFT-mixed %.0f ms%n%n", ssft.stepMillis(), ssft.costMillis(),
          sft.stepMillis()));
    }
    md.append("### Per tag: accuracy and mode purity (dominant strategy)\n\n");
    md.append("| method | tag | accuracy | purity | dominant strategy |\n|---|---|---|---|---|\n");
    for (MethodRun r : runs) {
      for (int t = 0; t < 6; t++) {
        Strategy d = r.metrics().dominant().get(t);
        md.append("| ").append(label(r.method())).append(" | `<think").append(t + 1).append(">` | ")
            .append(r.metrics().tagAccuracy().get(t).format()).append(" | ").append(r.metrics().tagPurity().get(t).format())
            .append(" | ").append(d == null ? "none" : d.name()).append(" |\n");
      }
    }
    md.append("\n![Pass@1, Cons@6 and per-tag mode purity](ssft-vs-sft.png)\n\n");
    md.append("## Acceptance\n\n");
    boolean consOk = diff.lower() > 0;
    MethodMetrics sm = ssft.metrics();
    MethodMetrics fm = sft.metrics();
    boolean distinct = sm.meanPurity().estimate() >= 0.8 && sm.distinctDominant() >= 5;
    boolean sftNot = !(fm.meanPurity().estimate() >= 0.8 && fm.distinctDominant() >= 5);
    md.append("- SSFT Cons@6 above SFT-mixed with the difference's interval above 0: ").append(consOk ? "**yes**" : "**no**").append('\n');
    md.append("- SSFT tags distinct (mean purity >= 0.8, different dominant strategies): ")
        .append(distinct ? "**yes**" : "**no**").append(String.format(Locale.ROOT, " (mean purity %.3f, %d distinct)%n",
            sm.meanPurity().estimate(), sm.distinctDominant()));
    md.append("- SFT-mixed tags not distinct: ").append(sftNot ? "**yes**" : "**no**").append(String.format(Locale.ROOT,
        " (mean purity %.3f, %d distinct)%n", fm.meanPurity().estimate(), fm.distinctDominant()));
    md.append(String.format(Locale.ROOT, "- Step-time ratio <= 1.5: %s (%.2f)%n", ratio <= 1.5 ? "**yes**" : "**no**", ratio));
    md.append(String.format(Locale.ROOT, "- Wall time of this run (bench, data, training, export, evaluation, page): "
        + "%.1f minutes%s.%n%n", minutes, runs.stream().anyMatch(r -> r.resumed()) ? " (some methods were already "
        + "trained by an earlier run and only evaluated here)" : ""));
    md.append("With 5 strategies and 6 tags, at most 5 dominant strategies can be distinct; the sixth tag necessarily ")
        .append("repeats one.\n");
    Path page = s.resultsDir().resolve("ssft-vs-sft.md");
    try {
      Files.createDirectories(s.resultsDir());
      writeAtomic(page, md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ObjectNode raw = JSON.createObjectNode();
      raw.put("consDifference", diff.estimate());
      raw.put("consDifferenceLower", diff.lower());
      raw.put("consDifferenceUpper", diff.upper());
      raw.put("stepTimeRatio", ratio);
      raw.putPOJO("stepTimeBench", bench);
      raw.put("minutes", minutes);
      ArrayNode arr = raw.putArray("methods");
      for (MethodRun r : runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method().name());
        m.put("metrics", r.metrics());
        m.put("stepMillis", r.stepMillis());
        m.put("costMillis", r.costMillis());
        m.put("trainSeconds", r.trainSeconds());
        m.put("finalLoss", r.finalLoss());
        m.put("evalSeconds", r.evalSeconds());
        arr.addPOJO(m);
      }
      writeAtomic(s.resultsDir().resolve("ssft-vs-sft.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(raw));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + page + ": " + e.getMessage(), e);
    }
    log.println("wrote " + page + " and " + png);
    return page;
  }

  private static String describe(Path model) {
    try {
      var cfg = JSON.readTree(model.resolve("config.json").toFile());
      return String.format(Locale.ROOT, "%s, %d layers, hidden %d, %d heads / %d kv heads, vocab %d",
          cfg.path("model_type").asText("?"), cfg.path("num_hidden_layers").asInt(), cfg.path("hidden_size").asInt(),
          cfg.path("num_attention_heads").asInt(), cfg.path("num_key_value_heads").asInt(), cfg.path("vocab_size").asInt());
    } catch (IOException e) {
      return "config.json unreadable: " + e.getMessage();
    }
  }

  private static String label(TrainingMethod m) {
    return switch (m) {
      case SSFT -> "SSFT";
      case SFT_MIXED -> "SFT-mixed";
      case RANDOM_TAGS -> "random-tags";
    };
  }

  private static void writeAtomic(Path file, byte[] bytes) {
    AtomicFiles.write(file, bytes);
  }
}
