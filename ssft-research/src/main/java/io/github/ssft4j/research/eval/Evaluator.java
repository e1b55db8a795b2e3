package io.github.ssft4j.research.eval;

import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.train.internal.data.TrainingRecord;
import io.github.ssft4j.research.task.Strategy;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers held-out questions with an exported model through {@link ParallelReasoner} (prefill once, one branch
 * per tag, vote with the default {@code ssft-voting} strategy) and records, per branch, correctness and the
 * strategy its trace follows.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * @param modelDir an exported model folder (ONNX + tokenizer files)
   * @param questions held-out records (their {@code system} is used as the system prompt)
   * @param k branches, one per tag {@code 1..k}
   * @param options generation options
   * @param log progress output
   * @return one result a question, in order
   */
  public static List<QuestionResult> evaluate(Path modelDir, List<TrainingRecord> questions, int k,
      GenerationOptions options, PrintStream log) {
    String system = questions.get(0).system();
    List<QuestionResult> out = new ArrayList<>(questions.size());
    long t0 = System.nanoTime();
    try (ParallelReasoner reasoner = ParallelReasoner.builder(modelDir).systemPrompt(system).generation(options)
        .build()) {
      for (int q = 0; q < questions.size(); q++) {
        TrainingRecord r = questions.get(q);
        ConsensusResult c = reasoner.consensus(r.question(), k, options.withSeed(options.seed() + q));
        List<String> texts = new ArrayList<>(k);
        List<Boolean> correct = new ArrayList<>(k);
        List<Strategy> strategies = new ArrayList<>(k);
        for (Branch b : c.branches()) {
          texts.add(b.trace().text());
          correct.add(matches(r.answer(), b.answer()));
          strategies.add(Strategy.identify(b.trace().text()).orElse(null));
        }
        out.add(new QuestionResult(r.question(), r.answer(), c.answer().raw(), matches(r.answer(), c.answer()),
            texts, correct, strategies));
        if ((q + 1) % 100 == 0 || q + 1 == questions.size()) {
          log.printf("  evaluated %d/%d questions (%.1f s)%n", q + 1, questions.size(), (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    return out;
  }

  /**
   * @param truth the reference answer
   * @param answer an extracted answer
   * @return whether they are the same number (or the same text when either is not a number)
   */
  static boolean matches(String truth, ExtractedAnswer answer) {
    if (!answer.isPresent()) {
      return false;
    }
    String got = answer.normalized().isEmpty() ? answer.raw() : answer.normalized();
    try {
      return new BigDecimal(truth.trim()).compareTo(new BigDecimal(got.trim())) == 0;
    } catch (NumberFormatException e) {
      return truth.trim().equals(got.trim()) || truth.trim().equals(answer.raw().trim());
    }
  }
}
