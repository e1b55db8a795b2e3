package io.github.ssft4j.research.experiment;

import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingMethod;
import io.github.ssft4j.train.internal.data.EncodedRecord;
import io.github.ssft4j.train.internal.data.ExampleEncoder;
import io.github.ssft4j.train.internal.data.JsonlDataset;
import io.github.ssft4j.train.internal.optim.AdamW;
import io.github.ssft4j.train.internal.ssft.CausalLm;
import io.github.ssft4j.train.internal.ssft.CostPass;
import io.github.ssft4j.TrainingConfig.Packing;
import io.github.ssft4j.train.internal.ssft.Qwen2CausalLm;
import io.github.ssft4j.train.internal.ssft.SsftTrainer;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.research.bench.DecodeStepBench;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Times a training step of SSFT (packed cost pass + matching + training pass) against SFT-mixed on the same
 * questions, alternating the two every round in one process so that load from other processes affects both
 * alike. Reports medians; the first two rounds are warm-up.
 */
public final class StepTimeBench {
  /**
   * @param ssftMillis median SSFT step
   * @param sftMillis median SFT-mixed step
   * @param costMillis median SSFT cost pass + matching within its step
   * @param rounds measured rounds
   * @param batchSize questions a step
   * @param packing the SSFT cost-pass layout
   */
  public record Result(double ssftMillis, double sftMillis, double costMillis, int rounds, int batchSize,
      Packing packing) {
    /** @return SSFT step time over SFT-mixed step time */
    public double ratio() {
      return ssftMillis / sftMillis;
    }

    /** @return a one-line summary */
    public String format() {
      return String.format(Locale.ROOT, "SSFT (%s) %.0f ms / SFT-mixed %.0f ms = %.2f (cost pass %.0f ms), batch %d, "
          + "median of %d alternating rounds", packing, ssftMillis, sftMillis, ratio(), costMillis, batchSize, rounds);
    }
  }

  private StepTimeBench() {}

  /**
   * @param checkpoint a Hugging Face checkpoint
   * @param data JSONL training data
   * @param batchSize questions a step
   * @param maxSeqLen example budget (sets {@code L})
   * @param packing the SSFT cost-pass layout
   * @param rounds measured rounds
   * @return the timings
   */
  public static Result run(Path checkpoint, Path data, int batchSize, int maxSeqLen, Packing packing, int rounds) {
    int total = rounds + 2;
    TrainingConfig ssftConfig = TrainingConfig.builder().steps(total).batchSize(batchSize).learningRate(1e-4)
        .warmupSteps(0).maxSeqLen(maxSeqLen).packing(packing).checkpointEvery(0).seed(1L).build();
    TrainingConfig sftConfig = ssftConfig.toBuilder().method(TrainingMethod.SFT_MIXED).build();
    try (ExampleEncoder encoder = ExampleEncoder.load(checkpoint, ForkingTokens.DEFAULT);
        CausalLm model = Qwen2CausalLm.load(checkpoint)) {
      List<EncodedRecord> records = encoder.encodeAll(JsonlDataset.read(data, 6));
      int m = records.stream().mapToInt(EncodedRecord::traceCount).max().orElse(1);
      CostPass cost = new CostPass(model, CostPass.defaultPrefixTokens(maxSeqLen, 6, m), packing);
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      SsftTrainer ssft = new SsftTrainer(ssftConfig, TrainingListener.NONE);
      SsftTrainer sft = new SsftTrainer(sftConfig, TrainingListener.NONE);
      double[] a = new double[rounds];
      double[] b = new double[rounds];
      double[] c = new double[rounds];
      try (AdamW opt = new AdamW(model.parameters(), model.manager(), 0.9, 0.95, 1e-8, 0.01)) {
        for (int r = 0; r < total; r++) {
          long t0 = System.nanoTime();
          SsftTrainer.StepResult s = ssft.step(model, opt, cost, records, r, 1e-4);
          long t1 = System.nanoTime();
          sft.step(model, opt, cost, records, r, 1e-4);
          long t2 = System.nanoTime();
          if (r >= 2) {
            a[r - 2] = (t1 - t0) / 1e6;
            b[r - 2] = (t2 - t1) / 1e6;
            c[r - 2] = s.assignNanos() / 1e6;
          }
        }
      }
      return new Result(DecodeStepBench.median(a), DecodeStepBench.median(b), DecodeStepBench.median(c), rounds,
          batchSize, packing);
    }
  }
}
