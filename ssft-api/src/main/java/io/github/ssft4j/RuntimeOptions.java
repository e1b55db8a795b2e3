package io.github.ssft4j;

/**
 * Where and how the inference backend runs the model.
 *
 * <pre>{@code
 * RuntimeOptions gpu = RuntimeOptions.DEFAULT.withCuda(0, true); // CUDA device 0, CPU if CUDA is unavailable
 * }</pre>
 *
 * @param provider the execution provider. Default {@link ExecutionProvider#CPU}.
 * @param deviceId the CUDA device ordinal when {@code provider} is {@link ExecutionProvider#CUDA}. Default 0.
 * @param allowCpuFallback when CUDA was asked for but cannot be used (no CUDA provider library, no device), run on
 *     the CPU instead of failing with a {@link ModelLoadException}. Default {@code false}: asking for a GPU and
 *     silently getting a CPU is a surprise worth an exception.
 * @param intraOpThreads threads used inside one operator; {@code 0} means every core the JVM may use
 *     ({@link Runtime#availableProcessors()}): decoding a real model is bound by memory bandwidth, which one thread
 *     cannot saturate. Default 0.
 * @param interOpThreads threads used across operators; {@code 0} lets the runtime choose. Default 0.
 */
public record RuntimeOptions(
    ExecutionProvider provider, int deviceId, boolean allowCpuFallback, int intraOpThreads, int interOpThreads) {

  /** The execution providers a backend may offer. */
  public enum ExecutionProvider {
    /** The CPU. Always available. */
    CPU,
    /** An NVIDIA GPU through ONNX Runtime's CUDA execution provider (needs the {@code onnxruntime_gpu} jar). */
    CUDA
  }

  /** CPU, intra-op threads on all available cores, runtime-chosen inter-op threads. */
  public static final RuntimeOptions DEFAULT = new RuntimeOptions(ExecutionProvider.CPU, 0, false, 0, 0);

  /** Validates the ranges. */
  public RuntimeOptions {
    Checks.notNull("provider", provider);
    Checks.nonNegative("deviceId", deviceId);
    Checks.nonNegative("intraOpThreads", intraOpThreads);
    Checks.nonNegative("interOpThreads", interOpThreads);
  }

  /**
   * @param device CUDA device ordinal
   * @param fallbackToCpu whether to run on the CPU when CUDA cannot be used
   * @return a copy that asks for CUDA
   */
  public RuntimeOptions withCuda(int device, boolean fallbackToCpu) {
    return new RuntimeOptions(ExecutionProvider.CUDA, device, fallbackToCpu, intraOpThreads, interOpThreads);
  }

  /**
   * Returns a copy with these ONNX Runtime thread counts.
   *
   * @param intra intra-op threads, 0 for default
   * @param inter inter-op threads
   * @return a copy with them
   */
  public RuntimeOptions withThreads(int intra, int inter) {
    return new RuntimeOptions(provider, deviceId, allowCpuFallback, intra, inter);
  }
}
