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
      EvalCommand.class,
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
      if (e instanceof SsftException) {
        commandLine.getErr().println("ssft: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
