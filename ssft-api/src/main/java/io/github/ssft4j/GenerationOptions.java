package io.github.ssft4j;

import java.util.List;

/**
 * How each branch samples its continuation. Immutable; derive variants with the {@code with...} methods:
 *
 * <pre>{@code
 * GenerationOptions greedy = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(256);
 * }</pre>
 *
 * @param temperature softmax temperature; {@code 0} means greedy (arg-max) decoding. Default {@code 0.7}, the
 *     paper's evaluation setting.
 * @param topP nucleus sampling: keep the smallest set of tokens whose probability reaches {@code topP}. In
 *     {@code (0, 1]}; {@code 1} disables it. Default {@code 0.95}.
 * @param topK keep only the {@code topK} most likely tokens; {@code 0} disables it. Default {@code 0} (off).
 * @param maxNewTokens most tokens generated per branch, the tag prefix not counted. Default {@code 1024}.
 * @param seed seeds every branch's random generator (branch {@code b} uses a stream derived from
 *     {@code seed} and {@code b}): the same seed, model and question give the same traces. Default {@code 0}.
 * @param stopStrings a branch also stops when its decoded text ends with one of these; the stop string is kept
 *     in the trace text. Default: none (the model's end-of-sequence tokens still stop it).
 * @param ignoreEos keep generating after an end-of-sequence token, up to {@code maxNewTokens} (benchmarks that need
 *     answers of one length). Default {@code false}.
 */
public record GenerationOptions(
    double temperature, double topP, int topK, int maxNewTokens, long seed, List<String> stopStrings,
    boolean ignoreEos) {

  /** Temperature 0.7, top-p 0.95, top-k off, 1024 new tokens, seed 0, no stop strings, stop at end-of-sequence. */
  public static final GenerationOptions DEFAULT =
      new GenerationOptions(0.7, 0.95, 0, 1024, 0L, List.of(), false);

  /** Validates every field; see the class description for the ranges. */
  public GenerationOptions {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new InvalidArgumentException("temperature must be a finite number >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new InvalidArgumentException("topP must be in (0, 1], got " + topP);
    }
    Checks.nonNegative("topK", topK);
    Checks.positive("maxNewTokens", maxNewTokens);
    Checks.notNull("stopStrings", stopStrings);
    for (int i = 0; i < stopStrings.size(); i++) {
      String s = stopStrings.get(i);
      if (s == null || s.isEmpty()) {
        throw new InvalidArgumentException("stopStrings[" + i + "] must be a non-empty string, got "
            + (s == null ? "null" : "\"\""));
      }
    }
    stopStrings = List.copyOf(stopStrings);
  }

  /** @return {@code true} when decoding is greedy ({@code temperature == 0}) */
  public boolean greedy() {
    return temperature == 0;
  }

  /**
   * Returns a copy with this softmax temperature.
   *
   * @param value the temperature, {@code >= 0}; {@code 0} is greedy
   * @return a copy with it
   */
  public GenerationOptions withTemperature(double value) {
    return new GenerationOptions(value, topP, topK, maxNewTokens, seed, stopStrings, ignoreEos);
  }

  /**
   * Returns a copy with this nucleus-sampling threshold.
   *
   * @param value top-p in {@code (0, 1]}
   * @return a copy with it
   */
  public GenerationOptions withTopP(double value) {
    return new GenerationOptions(temperature, value, topK, maxNewTokens, seed, stopStrings, ignoreEos);
  }

  /**
   * Returns a copy that keeps only the {@code value} most likely tokens.
   *
   * @param value top-k, {@code 0} for off
   * @return a copy with it
   */
  public GenerationOptions withTopK(int value) {
    return new GenerationOptions(temperature, topP, value, maxNewTokens, seed, stopStrings, ignoreEos);
  }

  /**
   * Returns a copy with this budget of new tokens per branch.
   *
   * @param value the most new tokens per branch
   * @return a copy with it
   */
  public GenerationOptions withMaxNewTokens(int value) {
    return new GenerationOptions(temperature, topP, topK, value, seed, stopStrings, ignoreEos);
  }

  /**
   * Returns a copy with this sampling seed.
   *
   * @param value the sampling seed
   * @return a copy with it
   */
  public GenerationOptions withSeed(long value) {
    return new GenerationOptions(temperature, topP, topK, maxNewTokens, value, stopStrings, ignoreEos);
  }

  /**
   * Returns a copy with these stop strings.
   *
   * @param value the stop strings
   * @return a copy with them
   */
  public GenerationOptions withStopStrings(List<String> value) {
    return new GenerationOptions(temperature, topP, topK, maxNewTokens, seed, value, ignoreEos);
  }

  /**
   * Returns a copy that does or does not keep generating past end-of-sequence tokens.
   *
   * @param value whether to keep generating after end-of-sequence tokens
   * @return a copy with it
   */
  public GenerationOptions withIgnoreEos(boolean value) {
    return new GenerationOptions(temperature, topP, topK, maxNewTokens, seed, stopStrings, value);
  }
}
