package io.github.ssft4j.research.eval;

import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.Trace;
import io.github.ssft4j.research.task.Strategy;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers each held-out question under every tag (greedy, so a tag's answer is a function of the question) and
 * records the model's fork distribution for it, from which every tag policy's score follows exactly:
 * a fixed tag, the model's arg-max or sampled tag, a uniformly random tag, the per-question oracle.
 */
public final class TagEvaluation {
  private TagEvaluation() {}

  /**
   * One question.
   *
   * @param question the question
   * @param truth the reference answer
   * @param policy the model's fork policy, index 0 for tag 1
   * @param answers each tag's extracted answer ({@code ""} when none)
   * @param correct whether each tag's answer is right
   * @param strategies the strategy each tag's trace followed ({@code null} when none could be read)
   */
  public record Row(String question, String truth, double[] policy, List<String> answers, boolean[] correct,
      List<Strategy> strategies) {
    /** @return the most likely tag, 0-based */
    public int argmax() {
      int best = 0;
      for (int i = 1; i < policy.length; i++) {
        if (policy[i] > policy[best]) {
          best = i;
        }
      }
      return best;
    }
  }

  /**
   * @param modelDir an exported model folder
   * @param questions held-out records
   * @param maxNewTokens most tokens a branch generates
   * @param log progress output
   * @return one row a question
   */
  public static List<Row> evaluate(Path modelDir, List<TrainingRecord> questions, int maxNewTokens, PrintStream log) {
    GenerationOptions greedy = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(maxNewTokens);
    AnswerExtractor extractor = AnswerExtractor.findDefault();
    List<Row> rows = new ArrayList<>(questions.size());
    long t0 = System.nanoTime();
    try (OnnxModel model = new OnnxRuntimeBackend().open(modelDir, RuntimeOptions.DEFAULT)) {
      int n = model.forkingTokens().count();
      List<Integer> all = new ArrayList<>(n);
      for (int t = 1; t <= n; t++) {
        all.add(t);
      }
      for (TrainingRecord r : questions) {
        Prompt prompt = Prompt.question(r.system(), r.question());
        ForkDistribution d = model.forkDistribution(prompt);
        List<Trace> traces = model.generate(new ForkRequest(prompt, all, greedy));
        double[] policy = new double[n];
        List<String> answers = new ArrayList<>(n);
        boolean[] correct = new boolean[n];
        List<Strategy> strategies = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
          policy[t] = d.probability(t + 1);
          ExtractedAnswer a = extractor.extract(traces.get(t).text());
          answers.add(a.isPresent() ? (a.normalized().isEmpty() ? a.raw() : a.normalized()) : "");
          correct[t] = Evaluator.matches(r.answer(), a);
          strategies.add(Strategy.identify(traces.get(t).text()).orElse(null));
        }
        rows.add(new Row(r.question(), r.answer(), policy, answers, correct, strategies));
      }
    }
    log.printf("  evaluated %d questions under %d tags each in %.1f s%n", questions.size(),
        rows.isEmpty() ? 0 : rows.get(0).policy().length, (System.nanoTime() - t0) / 1e9);
    return rows;
  }
}
