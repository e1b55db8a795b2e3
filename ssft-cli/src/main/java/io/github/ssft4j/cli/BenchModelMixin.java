package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.research.bench.BenchModels;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The model a benchmark runs: a model folder ({@code --model}), or a named real shape ({@code --shape}) with random
 * weights, created on first use and cached under {@code ~/.cache/ssft4j/bench/<shape>/} (never in the repository).
 */
final class BenchModelMixin {
  @Option(names = "--model", description = "Model folder (HF files + model.onnx).")
  Path model;

  @Option(names = "--shape", description = "A real model shape with random weights, created and cached on first "
      + "use: qwen2.5-0.5b, qwen2.5-1.5b.")
  String shape;

  @Option(names = "--cache-dir", description = "Where --shape models are cached. Default: "
      + "$XDG_CACHE_HOME/ssft4j/bench or ~/.cache/ssft4j/bench.")
  Path cacheDir;

  /** @return the model folder to run, exporting it with {@code export} (folder {@code variant}) when needed */
  Path resolve(ExportOptions export, String variant) {
    if ((model == null) == (shape == null)) {
      throw new InvalidArgumentException("give exactly one of --model DIR and --shape NAME");
    }
    return model != null ? model
        : BenchModels.resolve(shape, cacheDir != null ? cacheDir : BenchModels.defaultCache(), export, variant,
            System.out);
  }
}
