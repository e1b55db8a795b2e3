package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs native initialisation (ONNX Runtime's environment and sessions, the Rust tokenizer) on threads whose stack
 * fits it, whatever the caller's thread.
 *
 * <p>Why: ONNX Runtime 1.29's environment creation recurses over the process command line
 * ({@code /proc/self/cmdline}), about 230 bytes of native stack per byte of command line: with the default 1 MB
 * stack a JVM started with a 4.5 KB command line (a long class path, a long argument) dies with SIGSEGV and no
 * message. These threads reserve 64 MB plus 512 bytes per command-line byte; a thread stack is reserved address
 * space, committed only as it is touched, so the size costs nothing until used.
 */
final class NativeThread {
  static final long BASE_STACK = 64L << 20;
  static final long STACK_PER_COMMAND_LINE_BYTE = 512;
  private static final long MAX_STACK = 4L << 30;
  private static final long STACK = stackSize(commandLineBytes());
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
  private static final ThreadPoolExecutor POOL = pool();

  private NativeThread() {}

  private static ThreadPoolExecutor pool() {
    // Idle threads end after a few seconds: nothing stays behind once models are loaded.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(null, () -> {
            INSIDE.set(true);
            r.run();
          }, "ssft-native-" + COUNT.incrementAndGet(), STACK);
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** @return the stack reserved for a command line of {@code bytes} bytes */
  static long stackSize(long bytes) {
    return Math.min(MAX_STACK, BASE_STACK + STACK_PER_COMMAND_LINE_BYTE * Math.max(0, bytes));
  }

  /** @return the stack size of the native threads of this process */
  static long stackSize() {
    return STACK;
  }

  /** @return the length of {@code /proc/self/cmdline}, or 0 where there is none (not Linux) */
  static long commandLineBytes() {
    Path cmdline = Path.of("/proc/self/cmdline");
    if (!Files.isReadable(cmdline)) {
      return 0;
    }
    // A proc file reports size 0: count what it yields.
    try (InputStream in = Files.newInputStream(cmdline)) {
      long n = 0;
      byte[] buf = new byte[65536];
      for (int r; (r = in.read(buf)) > 0; ) {
        n += r;
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Runs {@code work} on a native thread and waits for it; runs it in place when already on one.
   *
   * @return what {@code work} returned
   * @throws RuntimeException what {@code work} threw, unchanged
   * @throws ModelLoadException when the caller is interrupted while waiting
   */
  static <T> T call(Callable<T> work) {
    if (INSIDE.get()) {
      return callHere(work);
    }
    Future<T> future = POOL.submit(work);
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new ModelLoadException("native initialisation failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelLoadException("interrupted while waiting for native initialisation", e);
    }
  }

  private static <T> T callHere(Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ModelLoadException("native initialisation failed: " + e, e);
    }
  }
}
