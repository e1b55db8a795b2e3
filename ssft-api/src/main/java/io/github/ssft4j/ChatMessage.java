package io.github.ssft4j;

/**
 * One message of a chat prompt, rendered with the model's chat template.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the message text
 */
public record ChatMessage(String role, String content) {
  /** Rejects nulls and an empty role. */
  public ChatMessage {
    if (Checks.notNull("role", role).isBlank()) {
      throw new InvalidArgumentException("role must not be blank");
    }
    Checks.notNull("content", content);
  }

  /**
   * Creates a system message.
   *
   * @param content the text
   * @return a system message
   */
  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  /**
   * Creates a user message.
   *
   * @param content the text
   * @return a user message
   */
  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }
}
