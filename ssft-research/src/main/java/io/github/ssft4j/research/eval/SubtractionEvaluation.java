package io.github.ssft4j.research.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.research.report.InputNames;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.voting.metrics.Bootstrap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The demo model card's numbers on the subtraction task's held-out questions: Pass@1 ({@code <think1>}), Cons@k
 * (majority vote), each tag's accuracy, mode purity and dominant strategy, with 95% bootstrap intervals. Behind
 * {@code ssft eval subtraction}.
 */
public final class SubtractionEvaluation {
  private SubtractionEvaluation() {}

  /**
   * @param model an exported model folder
   * @param modelName how reports name it (a portable name, not this machine's path)
   * @param data held-out JSONL ({@code test.jsonl})
   * @param k branches, one per tag {@code 1..k}
   * @param generation sampling options (question {@code i} uses seed {@code + i})
   * @param json where the metrics are also written, or {@code null}
   */
  public record Settings(Path model, String modelName, Path data, int k, GenerationOptions generation, Path json) {}

  /**
   * @param s settings
   * @param out where the report goes
   * @param log where progress goes
   */
  public static void run(Settings s, PrintStream out, PrintStream log) {
    Path dir = s.model();
    List<TrainingRecord> test = JsonlDataset.read(s.data(), s.k());
    GenerationOptions gen = s.generation();
    long t0 = System.nanoTime();
    List<QuestionResult> results = Evaluator.evaluate(dir, test, s.k(), gen, log);
    double seconds = (System.nanoTime() - t0) / 1e9;
    MethodMetrics m = MethodMetrics.of(results, gen.seed());
    out.printf(Locale.ROOT, "%s on %d questions of %s (%s, %d new tokens at most), %.0f s%n",
        s.modelName(), test.size(), InputNames.portable(s.data()),
        gen.greedy() ? "greedy" : "temperature " + gen.temperature(), gen.maxNewTokens(), seconds);
    out.println("Pass@1 <think1>: " + m.passAt1().format());
    out.println("Cons@" + s.k() + " (majority): " + m.consAtK().format());
    out.println("mean mode purity: " + m.meanPurity().format() + ", distinct dominant strategies: "
        + m.distinctDominant() + " of " + s.k());
    out.println();
    out.println("| tag | accuracy | purity | dominant strategy |");
    out.println("|---|---|---|---|");
    for (int t = 0; t < s.k(); t++) {
      out.printf(Locale.ROOT, "| `<think%d>` | %s | %s | %s |%n", t + 1, m.tagAccuracy().get(t).format(),
          m.tagPurity().get(t).format(), m.dominant().get(t) == null ? "-" : m.dominant().get(t));
    }
    if (s.json() != null) {
      writeJson(s, m, test.size(), gen, seconds);
    }
  }

  private static void writeJson(Settings s, MethodMetrics m, int questions, GenerationOptions gen, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("model", s.modelName());
    root.put("data", InputNames.portable(s.data()));
    root.put("questions", questions);
    root.put("temperature", gen.temperature());
    root.put("maxNewTokens", gen.maxNewTokens());
    root.put("seed", gen.seed());
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
      AtomicFiles.write(s.json(), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + s.json() + ": " + e.getMessage(), e);
    }
  }

  private static void put(ObjectNode node, Bootstrap.Interval i) {
    node.put("value", i.estimate());
    node.put("lower", i.lower());
    node.put("upper", i.upper());
  }
}
