package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import io.github.ssft4j.RuntimeOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Forking a prefilled prompt's KV cache into 6 rows: the concatenating layout's row gather into new tensors, against
 * the in-place layout's copy of the prompt into each row of the shared buffers. Geometry of the repository's tiny
 * model (2 layers, 2 KV heads, head dim 16): time scales with the bytes, which the result names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KvForkBenchmark {
  private static final int ROWS = 6;

  @Param({"512", "4096"})
  int prompt;

  private OnnxModel model;
  private DecoderSession decoder;
  private KvCache single;
  private SharedKvCache shared;

  @Setup
  public void setUp() throws java.io.IOException {
    model = new OnnxRuntimeBackend().open(modelFolder(), RuntimeOptions.DEFAULT.withThreads(1, 1));
    decoder = model.decoder();
    List<OnnxTensor> tensors = new ArrayList<>();
    for (int j = 0; j < decoder.cacheSlots(); j++) {
      FloatBuffer data = DecoderSession.directFloats(decoder.kvHeads * prompt * decoder.headDim);
      tensors.add(decoder.floatTensor(data, new long[] {1, decoder.kvHeads, prompt, decoder.headDim}));
    }
    single = KvCache.owning(tensors);
    shared = new SharedKvCache(decoder, ROWS, prompt + 256);
    shared.setLength(0, prompt);
  }

  /** The repository's tiny model as a model folder: its HF files and model.onnx side by side in a temp folder. */
  private static Path modelFolder() throws java.io.IOException {
    Path fixture = Path.of(System.getProperty("ssft.jmh.model", "../testdata/qwen2-tiny"));
    Path dir = java.nio.file.Files.createTempDirectory("ssft-jmh-");
    try (var files = java.nio.file.Files.list(fixture.resolve("hf"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        java.nio.file.Files.copy(f, dir.resolve(f.getFileName().toString()));
      }
    }
    java.nio.file.Files.copy(fixture.resolve("model.onnx"), dir.resolve("model.onnx"));
    return dir;
  }

  @TearDown
  public void tearDown() {
    single.close();
    shared.close();
    model.close();
  }

  @Benchmark
  public void concatGather() {
    single.selectRows(decoder, new int[ROWS], new RunStats.Recorder(false)).close();
  }

  @Benchmark
  public long inPlaceCopy() {
    long bytes = 0;
    for (int r = 1; r < ROWS; r++) {
      bytes += shared.copyRow(0, r, prompt);
    }
    return bytes;
  }
}
