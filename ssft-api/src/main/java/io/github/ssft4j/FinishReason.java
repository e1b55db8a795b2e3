package io.github.ssft4j;

/** Why a branch stopped generating. */
public enum FinishReason {
  /** The model produced an end-of-sequence token (from {@code generation_config.json} or the tokenizer). */
  EOS,
  /** The decoded text ended with one of {@link GenerationOptions#stopStrings()}. */
  STOP_STRING,
  /** {@link GenerationOptions#maxNewTokens()} was reached. */
  MAX_TOKENS
}
