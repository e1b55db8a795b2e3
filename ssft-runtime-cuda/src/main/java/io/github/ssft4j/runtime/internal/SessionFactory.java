package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates ONNX Runtime sessions, applying the execution provider policy of {@link RuntimeOptions}. */
final class SessionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  /** What the factory did: the session and the provider it really runs on. */
  record Opened(OrtSession session, RuntimeOptions.ExecutionProvider provider) {}

  /** Adds the CUDA provider to session options; a seam so the policy can be tested without a GPU. */
  interface CudaInstaller {
    void addCuda(OrtSession.SessionOptions options, int deviceId) throws OrtException;
  }

  static final CudaInstaller ORT_CUDA = OrtSession.SessionOptions::addCUDA;

  private SessionFactory() {}

  static Opened open(Path model, RuntimeOptions runtime) {
    return open(model, runtime, ORT_CUDA);
  }

  /** Creates the session on a {@link NativeThread}: native initialisation gets the stack it needs. */
  static Opened open(Path model, RuntimeOptions runtime, CudaInstaller cuda) {
    OrtNative.environment();
    return NativeThread.call(() -> openHere(model, runtime, cuda));
  }

  private static Opened openHere(Path model, RuntimeOptions runtime, CudaInstaller cuda) {
    if (runtime.provider() != RuntimeOptions.ExecutionProvider.CUDA) {
      return cpu(model, runtime);
    }
    try {
      return cuda(model, runtime, cuda);
    } catch (CudaUnavailable e) {
      String why = "the CUDA execution provider is unavailable for device " + runtime.deviceId() + " ("
          + e.getCause().getCode() + ": " + e.getCause().getMessage() + ")";
      if (runtime.allowCpuFallback()) {
        LOG.warn("{}; running on the CPU because allowCpuFallback is set", why);
        return cpu(model, runtime);
      }
      throw new ModelLoadException(why + ". Put com.microsoft.onnxruntime:onnxruntime_gpu (same version, in place "
          + "of onnxruntime) on the class path and the CUDA 12 libraries (libcudart.so.12, libcublas.so.12, "
          + "cuDNN 9) on the library path, or allow CPU fallback with RuntimeOptions.withCuda(device, true)",
          e.getCause());
    }
  }

  /** CUDA could not be added, or the session could not be created with it. */
  private static final class CudaUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    CudaUnavailable(OrtException cause) {
      super(cause);
    }

    @Override
    public synchronized OrtException getCause() {
      return (OrtException) super.getCause();
    }
  }

  private static OrtSession.SessionOptions options(RuntimeOptions runtime) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(intraOpThreads(runtime));
      if (runtime.interOpThreads() > 0) {
        options.setInterOpNumThreads(runtime.interOpThreads());
      }
      return options;
    } catch (OrtException e) {
      options.close();
      throw e;
    }
  }

  /**
   * The intra-op threads a session gets: the option when set, else every core the JVM may use. ONNX Runtime's own
   * default (its count of physical cores, minus affinity quirks) left a 2-core machine at one thread, which halves
   * decode speed at real model sizes (95 vs 50 ms a step for Qwen2.5-0.5B).
   */
  static int intraOpThreads(RuntimeOptions runtime) {
    return runtime.intraOpThreads() > 0 ? runtime.intraOpThreads() : Runtime.getRuntime().availableProcessors();
  }

  private static Opened cpu(Path model, RuntimeOptions runtime) {
    try (OrtSession.SessionOptions options = options(runtime)) {
      return new Opened(OrtNative.environment().createSession(model.toString(), options),
          RuntimeOptions.ExecutionProvider.CPU);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  private static Opened cuda(Path model, RuntimeOptions runtime, CudaInstaller cuda) throws CudaUnavailable {
    try (OrtSession.SessionOptions options = options(runtime)) {
      cuda.addCuda(options, runtime.deviceId());
      // Missing CUDA or cuDNN libraries can also surface only when the session is created.
      return new Opened(OrtNative.environment().createSession(model.toString(), options),
          RuntimeOptions.ExecutionProvider.CUDA);
    } catch (OrtException e) {
      throw new CudaUnavailable(e);
    }
  }
}
