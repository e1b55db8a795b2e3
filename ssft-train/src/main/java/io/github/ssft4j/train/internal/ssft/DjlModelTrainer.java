package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.GfpoConfig;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.train.internal.gfpo.GfpoTrainer;
import java.nio.file.Path;

/**
 * The {@link ModelTrainer} of {@code ssft-train}: {@link SsftTrainer} (and {@link GfpoTrainer} for GFPO/GRPO) on
 * DJL's PyTorch engine, with PyTorch's threads chosen by {@link TorchThreads}. Registered in
 * {@code META-INF/services/io.github.ssft4j.spi.ModelTrainer}.
 */
public final class DjlModelTrainer implements ModelTrainer {
  /** Creates the trainer (ServiceLoader needs a public no-argument constructor). */
  public DjlModelTrainer() {}

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public TrainingSummary finetune(Path base, Path data, Path outDir, TrainingConfig config,
      TrainingListener listener) {
    try (TorchThreads threads = TorchThreads.apply(config.threads(), base)) {
      return new SsftTrainer(config, listener).train(base, data, outDir);
    }
  }

  @Override
  public TrainingSummary gfpo(Path base, Path data, Path outDir, GfpoConfig config, TrainingListener listener) {
    try (TorchThreads threads = TorchThreads.apply(0, base)) {
      return new GfpoTrainer(config, RuntimeOptions.DEFAULT, listener).train(base, data, outDir);
    }
  }
}
