package io.github.ssft4j.cli;

import io.github.ssft4j.SsftException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ssft} command: parallel reasoning with global forking tokens, from the shell. */
@Command(
    name = "ssft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Parallel reasoning with global forking tokens (SSFT): train, export, generate, vote.",
    subcommands = {
      CommandLine.HelpCommand.class,
      BenchCommand.class,
      VerifyCommand.class,
      GenerateCommand.class,
      AskCommand.class,
      ExportCommand.class,
      TrainCommand.class,
      ExperimentCommand.class,
      DataCommand.class,
    })
public final class SsftCommand extends CommandGroup {
  /**
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command without exiting, for tests.
   *
   * @param args command-line arguments
   * @return the exit code
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new SsftCommand());
    // Our exceptions carry messages meant for the user: print those, not a stack trace.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof SsftException || e instanceof IllegalArgumentException) {
        // Bad input, typed or not: one line and exit 2, as picocli does for a bad option.
        commandLine.getErr().println("ssft: " + oneLine(e.getMessage()));
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "invalid input";
    }
    String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() > 2000 ? line.substring(0, 2000) + "..." : line;
  }
}
