package io.github.ssft4j.cli;

import io.github.ssft4j.GenerationOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The sampling options of every command that generates. Defaults are read from {@link GenerationOptions#DEFAULT},
 * so the CLI samples exactly as the library does unless told otherwise.
 */
final class SamplingMixin {
  private static final GenerationOptions D = GenerationOptions.DEFAULT;

  @Option(names = "--temperature", description = "Softmax temperature, 0 for greedy. Default: ${DEFAULT-VALUE}.")
  double temperature = D.temperature();

  @Option(names = "--top-p", description = "Nucleus sampling mass in (0, 1]. Default: ${DEFAULT-VALUE}.")
  double topP = D.topP();

  @Option(names = "--top-k", description = "Keep the k most likely tokens, 0 for off. Default: ${DEFAULT-VALUE}.")
  int topK = D.topK();

  @Option(names = "--max-new-tokens", description = "Most tokens a branch generates. Default: ${DEFAULT-VALUE}.")
  int maxNewTokens = D.maxNewTokens();

  @Option(names = "--seed", description = "Sampling seed: same seed, same output. Default: ${DEFAULT-VALUE}.")
  long seed = D.seed();

  @Option(names = "--greedy", description = "Arg-max decoding (the same as --temperature 0).")
  boolean greedy;

  @Option(names = "--stop", description = "A stop string (repeatable).")
  List<String> stop = new ArrayList<>();

  @Option(names = "--ignore-eos", description = "Keep generating after the end-of-sequence token.")
  boolean ignoreEos;

  GenerationOptions options() {
    return new GenerationOptions(greedy ? 0 : temperature, topP, topK, maxNewTokens, seed, stop, ignoreEos);
  }
}
