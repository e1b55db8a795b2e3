package io.github.ssft4j;

import io.github.ssft4j.spi.ModelExporter;
import io.github.ssft4j.spi.ModelTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The training pipeline from a base checkpoint to a model folder: one or more training stages (SSFT, a baseline,
 * GFPO), then ONNX export. Started by {@link ParallelReasoner#finetune(Path)}; nothing runs until
 * {@link #exportOnnx(Path)} or {@link #checkpoint(Path)}.
 *
 * <pre>{@code
 * Path model = ParallelReasoner.finetune(Path.of("base-checkpoint"))
 *     .ssft(Path.of("traces.jsonl"), TrainingConfig.builder().steps(600).tags(6).build())
 *     .listener(event -> System.out.println(event))
 *     .exportOnnx(Path.of("my-model"));
 * }</pre>
 *
 * <p>Each stage writes into its own folder of the work directory ({@code <output>.training} beside the output
 * unless {@link #workDir(Path)} says otherwise): its Hugging Face checkpoint, logs and resumable checkpoints.
 * Given the same output again, a finished stage is not run again and an interrupted one resumes from its newest
 * checkpoint. Training runs on the calling thread; the trainer ({@code ssft-train}) and exporter are found through
 * {@link java.util.ServiceLoader}.
 *
 * <p>Not thread-safe: configure it on one thread, then run it once.
 */
public final class FineTuning {
  private static final String FINISHED = "finished.properties";

  /** One training stage: what it is called and how it turns an input checkpoint into an output one. */
  @FunctionalInterface
  interface StageRun {
    TrainingSummary run(Path input, Path stageDir, TrainingListener listener);
  }

  private record Stage(String name, String settings, StageRun run) {}

  private final Path base;
  private final List<Stage> stages = new ArrayList<>();
  private TrainingListener listener = TrainingListener.NONE;
  private Path workDir;
  private ExportOptions exportOptions = ExportOptions.DEFAULT;

  FineTuning(Path base) {
    this.base = base;
  }

  /**
   * Adds a Set Supervised Fine-Tuning stage: each question's traces matched to the tags by minimum cost, re-matched
   * every step.
   *
   * @param data JSONL: {@code {"question", "traces": [...], "answer"}} with an optional {@code "system"}
   * @param config optimiser and tag settings (its method is set to {@link TrainingMethod#SSFT})
   * @return this pipeline
   */
  public FineTuning ssft(Path data, TrainingConfig config) {
    return train(data, Checks.notNull("config", config).toBuilder().method(TrainingMethod.SSFT).build());
  }

  /**
   * Adds the SFT-mixed baseline stage: every trace trained under one fixed tag.
   *
   * @param data JSONL training data, as for {@link #ssft}
   * @param config settings (its method is set to {@link TrainingMethod#SFT_MIXED})
   * @return this pipeline
   */
  public FineTuning sftMixed(Path data, TrainingConfig config) {
    return train(data, Checks.notNull("config", config).toBuilder().method(TrainingMethod.SFT_MIXED).build());
  }

  /**
   * Adds the random-tags baseline stage: traces assigned to tags at random every step.
   *
   * @param data JSONL training data, as for {@link #ssft}
   * @param config settings (its method is set to {@link TrainingMethod#RANDOM_TAGS})
   * @return this pipeline
   */
  public FineTuning randomTags(Path data, TrainingConfig config) {
    return train(data, Checks.notNull("config", config).toBuilder().method(TrainingMethod.RANDOM_TAGS).build());
  }

  /**
   * Adds a training stage with the method its configuration names.
   *
   * @param data JSONL training data, as for {@link #ssft}
   * @param config method, tags and optimiser settings
   * @return this pipeline
   */
  public FineTuning train(Path data, TrainingConfig config) {
    Checks.notNull("data", data);
    Checks.notNull("config", config);
    String name = config.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return stage(name, "data=" + data.toAbsolutePath() + " " + config,
        (input, dir, l) -> ModelTrainer.findDefault().finetune(input, data, dir, config, l));
  }

  /**
   * Adds a GFPO stage (or plain GRPO with {@link GfpoConfig.Scope#FULL}): reinforcement learning on the forking
   * tags of the model the previous stage produced, rewarded by verified answers. The result picks its own tag per
   * question ({@link TagSchedule#MODEL_CHOSEN}, declared in its {@code ssft.json}).
   *
   * <pre>{@code
   * Path model = ParallelReasoner.finetune(Path.of("base-checkpoint"))
   *     .ssft(Path.of("traces.jsonl"), TrainingConfig.builder().steps(600).build())
   *     .gfpo(Path.of("questions.jsonl"), GfpoConfig.builder().steps(50).groupSize(8).build())
   *     .exportOnnx(Path.of("my-model"));
   * }</pre>
   *
   * @param questions JSONL questions with gold answers ({@code {"question", "answer"}}, or DAPO-Math-17k rows)
   * @param config RL settings
   * @return this pipeline
   */
  public FineTuning gfpo(Path questions, GfpoConfig config) {
    Checks.notNull("questions", questions);
    Checks.notNull("config", config);
    String name = config.scope() == GfpoConfig.Scope.FULL ? "grpo" : "gfpo";
    return stage(name, "data=" + questions.toAbsolutePath() + " " + config,
        (input, dir, l) -> ModelTrainer.findDefault().gfpo(input, questions, dir, config, l));
  }

  FineTuning stage(String name, String settings, StageRun run) {
    stages.add(new Stage(name, settings, run));
    return this;
  }

  /**
   * @param value receives every stage's progress; default none
   * @return this pipeline
   */
  public FineTuning listener(TrainingListener value) {
    this.listener = Checks.notNull("listener", value);
    return this;
  }

  /**
   * @param dir where the stages write their checkpoints and logs; default {@code <output>.training} beside the
   *     output folder
   * @return this pipeline
   */
  public FineTuning workDir(Path dir) {
    this.workDir = Checks.notNull("workDir", dir);
    return this;
  }

  /**
   * @param options how {@link #exportOnnx(Path)} writes the model; default {@link ExportOptions#DEFAULT}
   * @return this pipeline
   */
  public FineTuning exportOptions(ExportOptions options) {
    this.exportOptions = Checks.notNull("exportOptions", options);
    return this;
  }

  /**
   * Runs the stages, then exports the final checkpoint (the base checkpoint when there are no stages) to an ONNX
   * model folder.
   *
   * @param modelDir the model folder to write (replaced atomically)
   * @return {@code modelDir}, ready for {@link ParallelReasoner#load(Path)}
   * @throws TrainingException when a stage or the export fails
   * @throws ModelLoadException when a checkpoint is missing or invalid
   */
  public Path exportOnnx(Path modelDir) {
    Checks.notNull("modelDir", modelDir);
    Path last = runStages(workDir != null ? workDir : sibling(modelDir, ".training"));
    long t0 = System.nanoTime();
    ModelExporter.findDefault().export(last, modelDir, exportOptions);
    listener.onEvent(new TrainingEvent.Exported("export", modelDir, Duration.ofNanos(System.nanoTime() - t0)));
    return modelDir;
  }

  /**
   * Runs the stages without exporting.
   *
   * @param outDir the work directory (unless {@link #workDir(Path)} set one)
   * @return the final Hugging Face checkpoint folder
   */
  public Path checkpoint(Path outDir) {
    Checks.notNull("outDir", outDir);
    return runStages(workDir != null ? workDir : outDir);
  }

  private Path runStages(Path dir) {
    Path input = base;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      Path stageDir = dir.resolve((i + 1) + "-" + stage.name());
      TrainingSummary done = finished(stageDir, stage, input);
      if (done != null) {
        listener.onEvent(new TrainingEvent.StageFinished(stage.name(), done, true));
      } else {
        done = stage.run().run(input, stageDir, listener);
        markFinished(stageDir, stage, input, done);
        listener.onEvent(new TrainingEvent.StageFinished(stage.name(), done, false));
      }
      input = done.checkpoint();
    }
    return input;
  }

  /** @return the summary of a stage an earlier run finished with the same input and settings, or null */
  private static TrainingSummary finished(Path stageDir, Stage stage, Path input) {
    Path marker = stageDir.resolve(FINISHED);
    if (!Files.isRegularFile(marker)) {
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(marker)) {
      p.load(in);
    } catch (IOException e) {
      throw new TrainingException("cannot read " + marker + ": " + e.getMessage(), e);
    }
    if (!stage.settings().equals(p.getProperty("settings")) || !input.toAbsolutePath().toString()
        .equals(p.getProperty("input"))) {
      throw new TrainingException(stageDir + " holds a finished " + stage.name() + " stage with other settings or "
          + "input (" + marker + "); give another output folder or delete it");
    }
    try {
      return new TrainingSummary(Integer.parseInt(p.getProperty("steps")),
          Double.parseDouble(p.getProperty("finalLoss")), stageDir.resolve(p.getProperty("checkpoint")),
          Double.parseDouble(p.getProperty("seconds")), Double.parseDouble(p.getProperty("meanStepMillis")));
    } catch (RuntimeException e) {
      throw new TrainingException(marker + " is damaged (" + e.getMessage() + "); delete it to train again", e);
    }
  }

  private static void markFinished(Path stageDir, Stage stage, Path input, TrainingSummary s) {
    Properties p = new Properties();
    p.setProperty("settings", stage.settings());
    p.setProperty("input", input.toAbsolutePath().toString());
    p.setProperty("steps", Integer.toString(s.steps()));
    p.setProperty("finalLoss", Double.toString(s.finalLoss()));
    p.setProperty("checkpoint", stageDir.toAbsolutePath().relativize(s.checkpoint().toAbsolutePath()).toString());
    p.setProperty("seconds", Double.toString(s.seconds()));
    p.setProperty("meanStepMillis", Double.toString(s.meanStepMillis()));
    Path marker = stageDir.resolve(FINISHED);
    Path tmp = stageDir.resolve(FINISHED + ".tmp");
    try {
      Files.createDirectories(stageDir);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "a finished training stage; delete this file to run the stage again");
      }
      try {
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot write " + marker + ": " + e.getMessage(), e);
    }
  }

  private static Path sibling(Path dir, String suffix) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }
}
