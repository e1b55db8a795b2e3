package io.github.ssft4j.spark.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Threads whose stack does not depend on the JVM's or Spark's defaults. ONNX Runtime's environment creation
 * recurses over the process command line, which is long under {@code spark-submit}; a model is therefore loaded on
 * a thread with {@link #LOAD_STACK_BYTES}, and calls run on daemon threads with {@link #CALL_STACK_BYTES}.
 */
public final class LargeStack {
  /** Stack of the thread that loads a model: reserved address space, committed only as far as it is used. */
  public static final long LOAD_STACK_BYTES = 512L << 20;
  /** Stack of the threads that run consensus calls (the answer verifier's parser recurses). */
  public static final long CALL_STACK_BYTES = 16L << 20;

  private static final ExecutorService CALLS = Executors.newCachedThreadPool(factory("ssft-spark-call"));

  private LargeStack() {}

  /** @return the executor-wide pool that runs consensus calls; threads are created on demand and are daemons */
  public static ExecutorService calls() {
    return CALLS;
  }

  /**
   * Runs {@code task} on a new thread with {@link #LOAD_STACK_BYTES} of stack and waits for it.
   *
   * @param name the thread's name
   * @param task what to run
   * @param <T> its result
   * @return the result; a runtime exception or error of {@code task} is rethrown as is
   */
  public static <T> T call(String name, Supplier<T> task) {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(null, () -> {
      try {
        result[0] = task.get();
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, name, LOAD_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        // A cancelled task still waits: the load finishes (and is cached) rather than leaking a half-made model.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new IllegalStateException(failure[0]);
    }
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  private static ThreadFactory factory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), CALL_STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }
}
