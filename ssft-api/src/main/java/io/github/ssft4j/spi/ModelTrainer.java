package io.github.ssft4j.spi;

/**
 * Fine-tunes a checkpoint with SSFT or a baseline. Registered in
 * {@code META-INF/services/io.github.ssft4j.spi.ModelTrainer}; {@code ssft-train} provides one.
 */
public interface ModelTrainer {
  /** @return a short name, e.g. {@code djl} */
  String name();

  /** @return rank among trainers on the class path */
  default int priority() {
    return 0;
  }

  /**
   * @param request the run
   * @return what it produced
   * @throws io.github.ssft4j.TrainingException on bad data or a failed run
   */
  TrainingSummary train(TrainingRequest request);

  /** @return the highest-priority trainer on the class path (from {@code ssft-train}) */
  static ModelTrainer findDefault() {
    return ServiceLookup.best(ModelTrainer.class, ModelTrainer::priority, "ssft-train");
  }
}
