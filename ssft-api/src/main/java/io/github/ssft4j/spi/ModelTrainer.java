package io.github.ssft4j.spi;

import io.github.ssft4j.GfpoConfig;
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

  /**
   * Reinforcement learning on the forking tags (GFPO, {@link GfpoConfig.Scope#FORK}) or on every completion token
   * (GRPO, {@link GfpoConfig.Scope#FULL}): trains {@code base} (an SSFT model) on the questions of {@code data} and
   * writes {@code outDir/model} (whose {@code ssft.json} declares {@link io.github.ssft4j.TagSchedule#MODEL_CHOSEN}),
   * {@code outDir/gfpo.jsonl} (per step: rewards, tag entropy, chosen tags) and resumable checkpoints; given the
   * same {@code outDir} again, resumes.
   *
   * @param base the starting Hugging Face checkpoint folder
   * @param data JSONL questions with gold answers: {@code {"question", "answer"}} or DAPO-Math-17k's
   *     {@code {"prompt": [messages], "reward_model": {"ground_truth"}}}
   * @param outDir the run's folder
   * @param config the run's settings
   * @param listener receives progress (stage {@code gfpo} or {@code grpo})
   * @return what the run produced
   * @throws io.github.ssft4j.TrainingException on bad data or a failed run
   * @throws UnsupportedOperationException when this trainer has no RL stage
   */
  default TrainingSummary gfpo(Path base, Path data, Path outDir, GfpoConfig config, TrainingListener listener) {
    throw new UnsupportedOperationException("trainer " + name() + " does not implement GFPO");
  }

  /** @return the highest-priority trainer on the class path (from {@code ssft-train}) */
  static ModelTrainer findDefault() {
    return ServiceLookup.best(ModelTrainer.class, ModelTrainer::priority, "ssft-train");
  }
}
