package io.github.ssft4j.cli;

import io.github.ssft4j.SsftException;
import picocli.CommandLine;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
  @Option(names = ConsoleLogging.VERBOSE, scope = ScopeType.INHERIT,
      description = "More log output (info) and stack traces of errors.")
  boolean verbose;

  @Option(names = ConsoleLogging.QUIET, scope = ScopeType.INHERIT,
      description = "Errors only in the log. The level can also be set with SSFT_LOG_LEVEL (trace ... off).")
  boolean quiet;

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
    ConsoleLogging logging = ConsoleLogging.of(args, System.getenv(ConsoleLogging.ENV));
    logging.apply();
    CommandLine cli = new CommandLine(new SsftCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // One readable line and its cause; the stack trace only when asked for.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println(ErrorReport.of(e, logging.verbose()));
      err.flush();
      // Bad input, typed or not, exits 2 as picocli does for a bad option; anything else is a failure (1).
      return ErrorReport.isBadInput(e) ? 2 : 1;
    });
    return cli.execute(args);
  }
}
