package io.github.ssft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.DemoModel;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.research.eval.Evaluator;
import io.github.ssft4j.research.eval.MethodMetrics;
import io.github.ssft4j.research.eval.QuestionResult;
import io.github.ssft4j.research.report.InputNames;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft eval subtraction}: the demo model card's numbers (Pass@1, Cons@k, per-tag purity and strategy). */
@Command(
    name = "subtraction",
    mixinStandardHelpOptions = true,
    description = "Answers the held-out questions of the subtraction task (from 'ssft data subtraction') with one "
        + "branch per tag and reports Pass@1 (<think1>), Cons@k (majority vote) and each tag's accuracy, mode "
        + "purity and dominant strategy, with 95% bootstrap intervals (2000 resamples).")
final class EvalSubtractionCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Exported model folder. Default: the demo model.")
  Path model;

  @Option(names = "--data", required = true, description = "Held-out JSONL (test.jsonl).")
  Path data;

  @Option(names = "-k", defaultValue = "6", description = "Branches, one per tag 1..k. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "Per branch. Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "7",
      description = "Sampling seed (question i uses seed + i) and bootstrap seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Also write the metrics here.")
  Path json;

  @Override
  public Integer call() {
    Path dir = model != null ? model : DemoModel.folder();
    List<TrainingRecord> test = JsonlDataset.read(data, k);
    GenerationOptions gen = GenerationOptions.DEFAULT.withTemperature(temperature).withMaxNewTokens(maxNewTokens)
        .withSeed(seed);
    long t0 = System.nanoTime();
    List<QuestionResult> results = Evaluator.evaluate(dir, test, k, gen, System.err);
    double seconds = (System.nanoTime() - t0) / 1e9;
    MethodMetrics m = MethodMetrics.of(results, seed);
    System.out.printf(Locale.ROOT, "%s on %d questions of %s (%s, %d new tokens at most), %.0f s%n",
        model != null ? InputNames.portable(dir) : DemoModel.ARTIFACT, test.size(), InputNames.portable(data),
        gen.greedy() ? "greedy" : "temperature " + temperature, maxNewTokens, seconds);
    System.out.println("Pass@1 <think1>: " + m.passAt1().format());
    System.out.println("Cons@" + k + " (majority): " + m.consAtK().format());
    System.out.println("mean mode purity: " + m.meanPurity().format() + ", distinct dominant strategies: "
        + m.distinctDominant() + " of " + k);
    System.out.println();
    System.out.println("| tag | accuracy | purity | dominant strategy |");
    System.out.println("|---|---|---|---|");
    for (int t = 0; t < k; t++) {
      System.out.printf(Locale.ROOT, "| `<think%d>` | %s | %s | %s |%n", t + 1, m.tagAccuracy().get(t).format(),
          m.tagPurity().get(t).format(), m.dominant().get(t) == null ? "-" : m.dominant().get(t));
    }
    if (json != null) {
      writeJson(m, test.size(), gen, seconds);
    }
    return 0;
  }

  private void writeJson(MethodMetrics m, int questions, GenerationOptions gen, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", model != null ? InputNames.portable(model) : DemoModel.ARTIFACT);
    root.put("data", InputNames.portable(data));
    root.put("questions", questions);
    root.put("temperature", gen.temperature());
    root.put("maxNewTokens", gen.maxNewTokens());
    root.put("seed", seed);
    root.put("seconds", seconds);
    put(root.putObject("passAt1"), m.passAt1());
    put(root.putObject("consAtK"), m.consAtK());
    put(root.putObject("meanPurity"), m.meanPurity());
    root.put("distinctDominant", m.distinctDominant());
    ArrayNode tags = root.putArray("tags");
    for (int t = 0; t < m.tagAccuracy().size(); t++) {
      ObjectNode tag = tags.addObject();
      tag.put("tag", "<think" + (t + 1) + ">");
      put(tag.putObject("accuracy"), m.tagAccuracy().get(t));
      put(tag.putObject("purity"), m.tagPurity().get(t));
      tag.put("dominant", m.dominant().get(t) == null ? null : m.dominant().get(t).name());
    }
    try {
      AtomicFiles.write(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + json + ": " + e.getMessage(), e);
    }
  }

  private static void put(ObjectNode node, Bootstrap.Interval i) {
    node.put("value", i.estimate());
    node.put("lower", i.lower());
    node.put("upper", i.upper());
  }
}
