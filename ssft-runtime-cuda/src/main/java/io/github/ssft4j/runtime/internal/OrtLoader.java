package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OrtEnvironment;
import io.github.ssft4j.ModelLoadException;

/**
 * Loads ONNX Runtime's native libraries on a thread of its own with a large stack. Their start-up code runs on the
 * thread that first touches ONNX Runtime, and with a long command line (a class path of about 4 KB, as any
 * application launched with {@code java -cp} by Maven, Gradle or an IDE has) it overflows a default 1 MB thread
 * stack: the JVM dies with SIGSEGV and no error report. Loaded once, the libraries work from any thread.
 */
final class OrtLoader {
  private static final long STACK_BYTES = 64L << 20;
  private static volatile OrtEnvironment environment;

  private OrtLoader() {}

  /** @return the ONNX Runtime environment, its libraries loaded */
  static OrtEnvironment environment() {
    OrtEnvironment env = environment;
    if (env != null) {
      return env;
    }
    synchronized (OrtLoader.class) {
      if (environment == null) {
        environment = load();
      }
      return environment;
    }
  }

  private static OrtEnvironment load() {
    OrtEnvironment[] loaded = new OrtEnvironment[1];
    Throwable[] failure = new Throwable[1];
    Thread loader = new Thread(null, () -> {
      try {
        loaded[0] = OrtEnvironment.getEnvironment();
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "ssft-onnxruntime-load", STACK_BYTES);
    loader.setDaemon(true);
    loader.start();
    try {
      loader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelLoadException("interrupted while loading the ONNX Runtime native libraries", e);
    }
    if (failure[0] != null) {
      throw new ModelLoadException("cannot load the ONNX Runtime native libraries: " + failure[0], failure[0]);
    }
    return loaded[0];
  }
}
