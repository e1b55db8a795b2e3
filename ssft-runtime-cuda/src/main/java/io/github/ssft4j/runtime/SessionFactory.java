package io.github.ssft4j.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Creates ONNX Runtime sessions, applying the execution provider policy of {@link RuntimeOptions}. */
final class SessionFactory {
  private static final Logger LOG = Logger.getLogger(SessionFactory.class.getName());

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

  static Opened open(Path model, RuntimeOptions runtime, CudaInstaller cuda) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (runtime.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(runtime.intraOpThreads());
      }
      if (runtime.interOpThreads() > 0) {
        options.setInterOpNumThreads(runtime.interOpThreads());
      }
      RuntimeOptions.ExecutionProvider provider = RuntimeOptions.ExecutionProvider.CPU;
      if (runtime.provider() == RuntimeOptions.ExecutionProvider.CUDA) {
        provider = addCuda(options, runtime, cuda);
      }
      return new Opened(env.createSession(model.toString(), options), provider);
    } catch (OrtException e) {
      throw new ModelLoadException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
    }
  }

  private static RuntimeOptions.ExecutionProvider addCuda(
      OrtSession.SessionOptions options, RuntimeOptions runtime, CudaInstaller cuda) {
    try {
      cuda.addCuda(options, runtime.deviceId());
      return RuntimeOptions.ExecutionProvider.CUDA;
    } catch (OrtException e) {
      String why = "the CUDA execution provider is unavailable for device " + runtime.deviceId() + " ("
          + e.getCode() + ": " + e.getMessage() + ")";
      if (runtime.allowCpuFallback()) {
        LOG.log(Level.WARNING, why + "; running on the CPU because allowCpuFallback is set");
        return RuntimeOptions.ExecutionProvider.CPU;
      }
      throw new ModelLoadException(why + ". Put com.microsoft.onnxruntime:onnxruntime_gpu (same version, in place "
          + "of onnxruntime) on the class path and the CUDA 12 libraries (libcudart.so.12, libcublas.so.12, "
          + "cuDNN 9) on the library path, or allow CPU fallback with RuntimeOptions.withCuda(device, true)", e);
    }
  }
}
