package io.github.ssft4j.cli;

import io.github.ssft4j.SsftException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** How a failed command reports: {@code ssft: <what failed>}, then its root cause, or the stack trace. */
final class ErrorReport {
  private ErrorReport() {}

  /**
   * @param e what the command threw
   * @param stackTrace whether to append the full stack trace ({@code --verbose})
   * @return the text to print on stderr
   */
  static String of(Throwable e, boolean stackTrace) {
    StringBuilder out = new StringBuilder("ssft: ").append(describe(e, isBadInput(e)));
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && (e.getMessage() == null || !e.getMessage().contains(String.valueOf(root.getMessage())))) {
      out.append(System.lineSeparator()).append("  cause: ").append(describe(root, false));
    }
    if (stackTrace) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      out.append(System.lineSeparator()).append(trace.toString().stripTrailing());
    } else if (!isBadInput(e)) {
      out.append(System.lineSeparator()).append("  (run with --verbose for the stack trace)");
    }
    return out.toString();
  }

  /** @return whether {@code e} reports bad input (typed or an argument check) rather than a failure */
  static boolean isBadInput(Throwable e) {
    return e instanceof SsftException || e instanceof IllegalArgumentException;
  }

  /** Our messages are written for the user; anything else also needs its type to make sense. */
  private static String describe(Throwable t, boolean messageOnly) {
    // One line, however the message was written; a huge one (a whole question quoted) is cut.
    String message = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
    message = message.length() > 2000 ? message.substring(0, 2000) + "..." : message;
    if (messageOnly && !message.isEmpty()) {
      return message;
    }
    return message.isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + message;
  }
}
