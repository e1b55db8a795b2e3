package io.github.ssft4j.cli;

import io.github.ssft4j.research.task.SubtractionTask;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft data subtraction}: writes the synthetic parallel-reasoning task as train/test JSONL. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Generates training data for 'ssft train'.",
    subcommands = {DataCommand.Subtraction.class})
final class DataCommand extends CommandGroup {
  @Command(
      name = "subtraction",
      mixinStandardHelpOptions = true,
      description = "Two-digit subtraction solved by five strategies, each with its own systematic bug on about a "
          + "fifth of the questions: OUT/train.jsonl and OUT/test.jsonl with disjoint questions.")
  static final class Subtraction implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder to write train.jsonl and test.jsonl into.")
    Path out;

    @Option(names = "--train", defaultValue = "3000", description = "Training questions. Default: ${DEFAULT-VALUE}.")
    int train;

    @Option(names = "--test", defaultValue = "500", description = "Held-out questions. Default: ${DEFAULT-VALUE}.")
    int test;

    @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--phrasing", defaultValue = "COMPACT",
        description = "COMPACT: 'What is 83-47?'; MIXED: half of the questions as 'What is 83 - 47?'. "
            + "Default: ${DEFAULT-VALUE}.")
    SubtractionTask.Phrasing phrasing;

    @Override
    public Integer call() {
      List<Path> files = SubtractionTask.writeSplits(out, train, test, seed, phrasing);
      System.out.printf("wrote %s (%d questions) and %s (%d questions)%n", files.get(0), train, files.get(1), test);
      return 0;
    }
  }
}
