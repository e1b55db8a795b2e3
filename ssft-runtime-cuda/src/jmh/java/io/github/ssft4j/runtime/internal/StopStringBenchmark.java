package io.github.ssft4j.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The per-token stop-string check of one branch, at a trace length, with the repository's tiny tokenizer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StopStringBenchmark {
  @Param({"64", "4096"})
  int length;

  private ModelTokenizer tokenizer;
  private StopStrings stops;
  private long[] ids;

  @Setup
  public void setUp() {
    tokenizer = ModelTokenizer.load(Path.of(System.getProperty("ssft.jmh.tokenizer", "../testdata/qwen2-tiny/hf")));
    stops = new StopStrings(List.of("\n\n", "</answer>", "Final answer:"), tokenizer);
    SplittableRandom r = new SplittableRandom(3);
    ids = new long[length];
    for (int i = 0; i < length; i++) {
      ids[i] = 9 + r.nextInt(800); // ordinary tokens of the tiny vocabulary
    }
  }

  @TearDown
  public void tearDown() {
    tokenizer.close();
  }

  @Benchmark
  public boolean check() {
    return stops.completedBy(ids, length);
  }
}
