package io.github.ssft4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default executor of a {@link ParallelReasoner}'s asynchronous calls. */
final class ReasonerThreads {
  /**
   * Stack of each worker: native code (ONNX Runtime, the tokenizer) runs on these threads and needs far more than
   * the JVM's 1 MB default in places.
   */
  static final long STACK_BYTES = 64L << 20;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private ReasonerThreads() {}

  /** @return a pool of one daemon thread per core (at least two) that lets idle threads go after a minute */
  static ExecutorService newPool() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(null, r, "ssft-reasoner-" + pool + "-" + count.incrementAndGet(), STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
