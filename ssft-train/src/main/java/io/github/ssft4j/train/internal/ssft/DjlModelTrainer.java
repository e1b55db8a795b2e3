package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.spi.ModelTrainer;
import io.github.ssft4j.spi.TrainingRequest;
import io.github.ssft4j.spi.TrainingSummary;

/**
 * The {@link ModelTrainer} of {@code ssft-train}: {@link SsftTrainer} on DJL's PyTorch engine with
 * {@link TrainerConfig#of(TrainingRequest) the request's defaults}. Registered in
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
  public TrainingSummary train(TrainingRequest request) {
    return new SsftTrainer(TrainerConfig.of(request), System.err)
        .train(request.baseCheckpoint(), request.data(), request.outputDir());
  }
}
