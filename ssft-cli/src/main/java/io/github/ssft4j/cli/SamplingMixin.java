package io.github.ssft4j.cli;

import io.github.ssft4j.GenerationOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The sampling options of every command that generates. An option not given keeps the value of the base options
 * the command passes to {@link #options(GenerationOptions)}: {@link GenerationOptions#DEFAULT}, the library's
 * defaults, unless a command (the demo model's {@code ask}) documents other ones.
 */
final class SamplingMixin {
  @Option(names = "--temperature", description = "Softmax temperature, 0 for greedy. Default: the library's, 0.7.")
  Double temperature;

  @Option(names = "--top-p", description = "Nucleus sampling mass in (0, 1]. Default: the library's, 0.95.")
  Double topP;

  @Option(names = "--top-k", description = "Keep the k most likely tokens, 0 for off. Default: the library's, 0.")
  Integer topK;

  @Option(names = "--max-new-tokens", description = "Most tokens a branch generates. Default: the library's, 1024.")
  Integer maxNewTokens;

  @Option(names = "--seed", description = "Sampling seed: same seed, same output. "
      + "Default: 0 (ssft eval: 1234, the reference protocol's).")
  Long seed;

  @Option(names = "--greedy", description = "Arg-max decoding (the same as --temperature 0).")
  boolean greedy;

  @Option(names = "--stop", description = "A stop string (repeatable).")
  List<String> stop = new ArrayList<>();

  @Option(names = "--ignore-eos", description = "Keep generating after the end-of-sequence token.")
  boolean ignoreEos;

  /** @return the library's defaults with the options given on the command line */
  GenerationOptions options() {
    return options(GenerationOptions.DEFAULT);
  }

  /**
   * @param base the command's defaults
   * @return {@code base} with the options given on the command line
   */
  GenerationOptions options(GenerationOptions base) {
    GenerationOptions o = base;
    if (temperature != null) {
      o = o.withTemperature(temperature);
    }
    if (greedy) {
      o = o.withTemperature(0);
    }
    if (topP != null) {
      o = o.withTopP(topP);
    }
    if (topK != null) {
      o = o.withTopK(topK);
    }
    if (maxNewTokens != null) {
      o = o.withMaxNewTokens(maxNewTokens);
    }
    if (seed != null) {
      o = o.withSeed(seed);
    }
    if (!stop.isEmpty()) {
      o = o.withStopStrings(stop);
    }
    return ignoreEos ? o.withIgnoreEos(true) : o;
  }
}
