package io.github.ssft4j;

/**
 * What one call cost: tokens and time, as users of any LLM API expect.
 *
 * <pre>{@code
 * ConsensusResult r = reasoner.consensus("What is 83-47?", 6);
 * System.out.printf("%d prompt + %d generated tokens, %.1f ms decoding%n",
 *     r.usage().promptTokens(), r.usage().generatedTokens(), r.usage().decodeNanos() / 1e6);
 * }</pre>
 *
 * @param promptTokens tokens of the rendered prompt, tag prefixes not counted (prefilled once for all branches)
 * @param generatedTokens tokens generated, summed over every branch
 * @param prefillNanos wall time from the start of the call to the first decode step (tokenization, prefill, fork)
 * @param decodeNanos wall time of the decode steps, sampling included
 * @param engineNanos the part of both spent inside the inference engine (e.g. ONNX Runtime's {@code run}); the
 *     rest is the library's own loop
 */
public record Usage(int promptTokens, int generatedTokens, long prefillNanos, long decodeNanos, long engineNanos) {
  /** Nothing spent. */
  public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

  /** Rejects negative counts. */
  public Usage {
    Checks.nonNegative("promptTokens", promptTokens);
    Checks.nonNegative("generatedTokens", generatedTokens);
    if (prefillNanos < 0 || decodeNanos < 0 || engineNanos < 0) {
      throw new InvalidArgumentException("times must be >= 0, got prefill=" + prefillNanos + " decode="
          + decodeNanos + " engine=" + engineNanos);
    }
  }

  /** @return prefill and decode time together */
  public long totalNanos() {
    return prefillNanos + decodeNanos;
  }

  /** @return generated tokens per second of decode time, or 0 when nothing was decoded */
  public double tokensPerSecond() {
    return decodeNanos == 0 ? 0 : generatedTokens * 1e9 / decodeNanos;
  }

  /**
   * @param other another call's usage
   * @return the sum of both
   */
  public Usage plus(Usage other) {
    return new Usage(promptTokens + other.promptTokens, generatedTokens + other.generatedTokens,
        prefillNanos + other.prefillNanos, decodeNanos + other.decodeNanos, engineNanos + other.engineNanos);
  }
}
