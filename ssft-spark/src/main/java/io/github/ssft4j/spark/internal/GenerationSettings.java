package io.github.ssft4j.spark.internal;

import io.github.ssft4j.GenerationOptions;
import java.io.Serializable;
import java.util.List;

/** {@link GenerationOptions} in a form that travels to the executors (records of ssft-api are not serializable). */
public final class GenerationSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double temperature;
  private final double topP;
  private final int topK;
  private final int maxNewTokens;
  private final long seed;
  private final String[] stopStrings;
  private final boolean ignoreEos;

  /** @param options the options to carry */
  public GenerationSettings(GenerationOptions options) {
    this.temperature = options.temperature();
    this.topP = options.topP();
    this.topK = options.topK();
    this.maxNewTokens = options.maxNewTokens();
    this.seed = options.seed();
    this.stopStrings = options.stopStrings().toArray(new String[0]);
    this.ignoreEos = options.ignoreEos();
  }

  /** @return the options again */
  public GenerationOptions options() {
    return new GenerationOptions(temperature, topP, topK, maxNewTokens, seed, List.of(stopStrings), ignoreEos);
  }
}
