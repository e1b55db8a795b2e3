package io.github.ssft4j.spi;

import io.github.ssft4j.TrainingConfig;
import io.github.ssft4j.TrainingListener;
import io.github.ssft4j.TrainingSummary;
import java.nio.file.Path;

/**
 * Fine-tunes a checkpoint with SSFT or a baseline. Registered in
 * {@code META-INF/services/io.github.ssft4j.spi.ModelTrainer}; {@code ssft-train} provides one. Applications use
 * it through {@link io.github.ssft4j.ParallelReasoner#finetune(Path)}.
 */
public interface ModelTrainer {
  /** @return a short name, e.g. {@code djl} */
  String name();

  /** @return rank among trainers on the class path */
  default int priority() {
    return 0;
  }

  /**
   * Trains {@code base} on {@code data} and writes {@code outDir/model} (a Hugging Face checkpoint) with the run's
   * logs and resumable checkpoints; given the same {@code outDir} again, resumes from its newest checkpoint.
   *
   * @param base the starting Hugging Face checkpoint folder
   * @param data JSONL training data ({@code question}, {@code traces}, {@code answer}, optional {@code system})
   * @param outDir the run's folder
   * @param config method, tags and optimiser settings
   * @param listener receives progress
   * @return what the run produced
   * @throws io.github.ssft4j.TrainingException on bad data or a failed run
   */
  TrainingSummary finetune(Path base, Path data, Path outDir, TrainingConfig config, TrainingListener listener);

  /** @return the highest-priority trainer on the class path (from {@code ssft-train}) */
  static ModelTrainer findDefault() {
    return ServiceLookup.best(ModelTrainer.class, ModelTrainer::priority, "ssft-train");
  }
}
