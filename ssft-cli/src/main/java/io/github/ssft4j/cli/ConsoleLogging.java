package io.github.ssft4j.cli;

import java.util.Locale;
import java.util.Set;

/**
 * The command's one logging set-up: SLF4J's simple provider writes to stderr at {@code warn} (so a normal run prints
 * nothing but its results), {@code --quiet} lowers it to errors, {@code --verbose} raises it to {@code info} and
 * prints stack traces, and {@code SSFT_LOG_LEVEL} (trace, debug, info, warn, error, off) sets any level. Read from
 * the raw arguments before the first logger exists, since the provider reads its level only once.
 */
record ConsoleLogging(String level, boolean verbose) {
  /** The environment variable that sets the log level when neither flag is given. */
  static final String ENV = "SSFT_LOG_LEVEL";
  static final String VERBOSE = "--verbose";
  static final String QUIET = "--quiet";

  private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  /**
   * @param args the command line (options after {@code --} are not looked at)
   * @param envLevel the value of {@value #ENV}, or {@code null}
   * @return the settings the command line asks for
   */
  static ConsoleLogging of(String[] args, String envLevel) {
    boolean verbose = false;
    boolean quiet = false;
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      verbose |= a.equals(VERBOSE);
      quiet |= a.equals(QUIET);
    }
    String level = envLevel == null ? "" : envLevel.strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      level = "warn";
    }
    if (quiet) {
      level = "error";
    } else if (verbose && !level.equals("debug") && !level.equals("trace")) {
      level = "info";
    }
    return new ConsoleLogging(level, verbose);
  }

  /** Sets the provider's level unless the user set it with {@code -D}; call before the first logger is made. */
  void apply() {
    if (System.getProperty(LEVEL_PROPERTY) == null) {
      System.setProperty(LEVEL_PROPERTY, level);
    }
  }
}
