package io.github.ssft4j;

import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.InvalidArgumentException;
import java.util.List;

/** What the model is asked: chat messages rendered by the model's chat template, or text used as it is. */
public sealed interface Prompt {

  /**
   * Messages rendered with the model's chat template and its generation prompt.
   *
   * @param messages at least one message
   */
  record Chat(List<ChatMessage> messages) implements Prompt {
    /** Copies the list and rejects an empty one. */
    public Chat {
      messages = List.copyOf(messages);
      if (messages.isEmpty()) {
        throw new InvalidArgumentException("a chat prompt needs at least one message");
      }
    }
  }

  /**
   * Text tokenized as it is, special tokens included (no template).
   *
   * @param text the prompt text
   */
  record Text(String text) implements Prompt {
    /** Rejects null. */
    public Text {
      if (text == null) {
        throw new InvalidArgumentException("prompt text must not be null");
      }
    }
  }

  /**
   * @param systemPrompt a system message, or {@code null} for none
   * @param question the user's message, not blank
   * @return the chat prompt of a question
   * @throws InvalidArgumentException when {@code question} is null, empty or only white space
   */
  static Prompt question(String systemPrompt, String question) {
    if (question == null) {
      throw new InvalidArgumentException("question must not be null");
    }
    if (question.isBlank()) {
      throw new InvalidArgumentException("question must not be empty (got " + question.length()
          + " characters of white space)");
    }
    return systemPrompt == null
        ? new Chat(List.of(ChatMessage.user(question)))
        : new Chat(List.of(ChatMessage.system(systemPrompt), ChatMessage.user(question)));
  }
}
