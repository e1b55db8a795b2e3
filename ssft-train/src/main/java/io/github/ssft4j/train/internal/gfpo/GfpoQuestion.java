package io.github.ssft4j.train.internal.gfpo;

import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.Prompt;
import java.util.ArrayList;
import java.util.List;

/**
 * One RL training question.
 *
 * @param messages the conversation up to the question (a system message only when the data gave one)
 * @param answer the gold answer
 */
public record GfpoQuestion(List<ChatMessage> messages, String answer) {
  /** Copies the list. */
  public GfpoQuestion {
    messages = List.copyOf(messages);
  }

  /**
   * @param systemPrompt put first when the data gave no system message; {@code null} for none
   * @return the prompt to roll out
   */
  public Prompt prompt(String systemPrompt) {
    boolean hasSystem = messages.stream().anyMatch(m -> m.role().equals("system"));
    if (hasSystem || systemPrompt == null) {
      return new Prompt.Chat(messages);
    }
    List<ChatMessage> all = new ArrayList<>(messages.size() + 1);
    all.add(ChatMessage.system(systemPrompt));
    all.addAll(messages);
    return new Prompt.Chat(all);
  }

  /** @return the last user message's text (for logs) */
  public String question() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).content();
      }
    }
    return messages.get(messages.size() - 1).content();
  }
}
