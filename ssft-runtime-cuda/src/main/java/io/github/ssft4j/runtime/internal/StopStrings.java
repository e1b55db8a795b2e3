package io.github.ssft4j.runtime.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Whether the newest token of a branch completed one of its stop strings. Only the tail can hold a stop string the
 * new token completed, so a window of the last tokens is decoded, never the whole trace: a token decodes to at least
 * one character or one UTF-8 byte, so four tokens a character plus a margin span every stop string.
 */
final class StopStrings {
  private final List<String> stops;
  private final ModelTokenizer tokenizer;
  private final int window;

  StopStrings(List<String> stops, ModelTokenizer tokenizer) {
    this.stops = stops;
    this.tokenizer = tokenizer;
    this.window = 8 + 4 * stops.stream().mapToInt(String::length).max().orElse(0);
  }

  /** @return whether there are stop strings at all */
  boolean any() {
    return !stops.isEmpty();
  }

  /** @return whether token {@code ids[count - 1]} completed a stop string of {@code ids[0..count)} */
  boolean completedBy(long[] ids, int count) {
    int from = Math.max(0, count - window);
    String text = tokenizer.decode(Arrays.copyOfRange(ids, from, count), true);
    String before = count - 1 == from ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, count - 1), true);
    for (String stop : stops) {
      // Only occurrences that the new token completed: the stop string may end inside the token's text.
      int start = Math.max(0, Math.min(before.length(), text.length()) - stop.length() + 1);
      if (text.indexOf(stop, start) >= 0) {
        return true;
      }
    }
    return false;
  }
}
