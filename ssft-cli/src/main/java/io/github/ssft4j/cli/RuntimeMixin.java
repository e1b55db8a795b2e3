package io.github.ssft4j.cli;

import io.github.ssft4j.RuntimeOptions;
import picocli.CommandLine.Option;

/** The execution-provider options shared by the commands that run a model. */
final class RuntimeMixin {
  @Option(names = "--intra-threads", defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0: all available cores). Default: ${DEFAULT-VALUE}.")
  int intraThreads;

  @Option(names = "--cuda", paramLabel = "DEVICE", description = "Run on this CUDA device (needs onnxruntime_gpu).")
  Integer cudaDevice;

  @Option(names = "--allow-cpu-fallback", description = "With --cuda: run on the CPU when CUDA is unavailable.")
  boolean allowCpuFallback;

  RuntimeOptions options() {
    RuntimeOptions options = RuntimeOptions.DEFAULT.withThreads(intraThreads, 0);
    return cudaDevice == null ? options : options.withCuda(cudaDevice, allowCpuFallback);
  }
}
