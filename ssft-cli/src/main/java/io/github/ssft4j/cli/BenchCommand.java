package io.github.ssft4j.cli;

import picocli.CommandLine.Command;

/** {@code ssft bench ...}: measurements that are too long for the unit tests. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: each prints its measurements, the last line as key=value pairs.",
    subcommands = {BenchConsensusCommand.class, BenchDecodeCommand.class, BenchVerifyCommand.class,
        BenchSoakCommand.class, BenchChartCommand.class})
final class BenchCommand extends CommandGroup {}
