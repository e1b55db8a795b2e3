package io.github.ssft4j.cli;

import io.github.ssft4j.research.bench.PerformanceChart;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft bench chart}: a results JSON's panels as a PNG of grouped bar charts. */
@Command(name = "chart", mixinStandardHelpOptions = true,
    description = "Draws the 'panels' of a results JSON (docs/results/performance.json) as grouped bar charts.")
final class BenchChartCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, description = "Results JSON with a 'panels' array.")
  Path in;

  @Option(names = "--out", required = true, description = "PNG to write.")
  Path out;

  @Override
  public Integer call() {
    PerformanceChart.write(in, out);
    System.out.println("wrote " + out);
    return 0;
  }
}
