package io.github.ssft4j.train.internal.gfpo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-step JSONL log of a GFPO run, one object a step: {@code step} (1-based), {@code loss}, {@code lr},
 * {@code gradNorm}, {@code meanReward}, {@code answered} (share of branches with an answer), {@code entropy} (mean
 * over the step's questions of the fork policy's entropy, nats), {@code tagCounts} (how often each tag was
 * drawn), {@code clipped}, and per question its {@code question}, {@code policy}, chosen {@code tags} (1-based) and
 * {@code rewards}, plus the time split in milliseconds. A resumed run first drops the lines of steps it repeats.
 */
final class StepLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Writer out;

  /** One step. Times in nanoseconds. */
  record Line(int step, double loss, double lr, double gradNorm, double meanReward, double answered,
      ForkDistribution[] policy, int[][] tags, double[][] rewards, double clipped, List<GfpoQuestion> questions,
      long exportNanos, long policyNanos, long rolloutNanos, long updateNanos) {}

  private StepLog(Writer out) {
    this.out = out;
  }

  /**
   * @param file the log
   * @param firstStep the 0-based step the run starts at: lines of later steps are removed
   * @return the open log, appending
   */
  static StepLog open(Path file, int firstStep) {
    try {
      if (Files.isRegularFile(file)) {
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            JsonNode node = JSON.readTree(line);
            if (node.path("step").asInt() <= firstStep) {
              keep.add(line);
            }
          }
        }
        AtomicFiles.write(file, (String.join("\n", keep) + (keep.isEmpty() ? "" : "\n"))
            .getBytes(StandardCharsets.UTF_8));
      }
      return new StepLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new TrainingException("cannot open the step log " + file + ": " + e.getMessage(), e);
    }
  }

  void write(Line l) {
    ObjectNode node = JSON.createObjectNode();
    node.put("step", l.step() + 1);
    node.put("loss", l.loss());
    node.put("lr", l.lr());
    node.put("gradNorm", l.gradNorm());
    node.put("meanReward", l.meanReward());
    node.put("answered", l.answered());
    double entropy = 0;
    int n = l.policy()[0].size();
    long[] counts = new long[n];
    for (int q = 0; q < l.policy().length; q++) {
      entropy += l.policy()[q].entropy() / l.policy().length;
      for (int t : l.tags()[q]) {
        counts[t]++;
      }
    }
    node.put("entropy", entropy);
    ArrayNode c = node.putArray("tagCounts");
    for (long v : counts) {
      c.add(v);
    }
    node.put("clipped", l.clipped());
    node.put("exportMillis", l.exportNanos() / 1e6);
    node.put("policyMillis", l.policyNanos() / 1e6);
    node.put("rolloutMillis", l.rolloutNanos() / 1e6);
    node.put("updateMillis", l.updateNanos() / 1e6);
    ArrayNode qs = node.putArray("questions");
    for (int q = 0; q < l.policy().length; q++) {
      ObjectNode qn = qs.addObject();
      qn.put("question", l.questions().get(q).question());
      ArrayNode p = qn.putArray("policy");
      l.policy()[q].probabilities().forEach(v -> p.add(Math.round(v * 1e4) / 1e4));
      ArrayNode t = qn.putArray("tags");
      for (int v : l.tags()[q]) {
        t.add(v + 1);
      }
      ArrayNode r = qn.putArray("rewards");
      for (double v : l.rewards()[q]) {
        r.add(v);
      }
    }
    try {
      out.write(JSON.writeValueAsString(node));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new TrainingException("cannot write the step log: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new TrainingException("cannot close the step log: " + e.getMessage(), e);
    }
  }
}
