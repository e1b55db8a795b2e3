package io.github.ssft4j.spark;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.spark.internal.LargeStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkEnv;

/**
 * The models loaded in this JVM (on Spark: this executor), one per model folder and {@link ReasonerSpec}, shared by
 * every task and every job that runs here.
 *
 * <p>The cache is bounded ({@code spark.ssft.maxModels} in the executor's Spark configuration, default 2) and
 * reference counted: a task {@linkplain #acquire leases} a model for as long as it runs; a model that is evicted
 * while leased is closed when its last lease is returned, an idle one at once. Idle models stay loaded, so the next
 * task or job on this executor does not load again. Everything is closed when the executor stops (through
 * {@link SsftSparkPlugin} when {@code spark.plugins} names it, and in any case by a JVM shutdown hook).
 *
 * <p>Models are loaded on a thread with a large stack: ONNX Runtime's environment creation needs one, whatever
 * stack Spark's task threads have.
 */
public final class ExecutorModels {
  /** The executor configuration key that bounds the cache. */
  public static final String MAX_MODELS_KEY = "spark.ssft.maxModels";

  private static final int DEFAULT_MAX_MODELS = 2;
  private static final AtomicLong LOADS = new AtomicLong();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();
  private static volatile Cache<Key, Entry> cache;

  private ExecutorModels() {}

  /** A model folder (as a real path) and how it is opened. */
  private record Key(Path dir, ReasonerSpec spec) {}

  /**
   * A model borrowed from the cache; {@link #close()} returns it (idempotent). Not the model's owner: never close
   * {@link #reasoner()} itself.
   */
  public static final class Lease implements AutoCloseable {
    private final Entry entry;
    private final boolean loadedNow;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Lease(Entry entry, boolean loadedNow) {
      this.entry = entry;
      this.loadedNow = loadedNow;
    }

    /** @return the shared reasoner */
    public ParallelReasoner reasoner() {
      return entry.reasoner;
    }

    /** @return whether this lease's {@link #acquire} loaded the model (the cache did not have it) */
    public boolean loadedNow() {
      return loadedNow;
    }

    @Override
    public void close() {
      if (returned.compareAndSet(false, true)) {
        entry.release();
      }
    }
  }

  /** One loaded model and its leases. */
  private static final class Entry {
    final ParallelReasoner reasoner;
    private int leases;
    private boolean retired;
    private boolean closed;

    Entry(ParallelReasoner reasoner) {
      this.reasoner = reasoner;
    }

    synchronized Entry retain() {
      leases++;
      return this;
    }

    synchronized void release() {
      if (--leases == 0 && retired) {
        closeNow();
      }
    }

    /** Out of the cache: closes now when idle, else when the last lease returns. */
    synchronized void retire() {
      retired = true;
      if (leases == 0) {
        closeNow();
      }
    }

    synchronized void closeNow() {
      if (!closed) {
        closed = true;
        // ParallelReasoner.close waits for calls still running before it frees native memory.
        reasoner.close();
      }
    }
  }

  /**
   * Leases the model in {@code modelDir} opened as {@code spec}, loading it if this JVM has not.
   *
   * @param modelDir the model folder on this machine
   * @param spec how to open it
   * @return the lease; close it when the task is done
   * @throws ModelLoadException when the folder cannot be loaded
   */
  public static Lease acquire(Path modelDir, ReasonerSpec spec) {
    Key key = new Key(realPath(modelDir), spec);
    boolean[] loaded = new boolean[1];
    Entry entry = cache().asMap().compute(key, (k, existing) -> {
      if (existing != null) {
        return existing.retain();
      }
      loaded[0] = true;
      return new Entry(load(k)).retain();
    });
    return new Lease(entry, loaded[0]);
  }

  /** @return how many times this JVM has loaded a model through the cache (a diagnostic for tests and logs) */
  public static long loads() {
    return LOADS.get();
  }

  /** @return how many models are loaded in this JVM now */
  public static long loaded() {
    Cache<Key, Entry> c = cache;
    return c == null ? 0 : c.asMap().size();
  }

  /** @return the folders of the models loaded now */
  public static List<Path> loadedFolders() {
    Cache<Key, Entry> c = cache;
    List<Path> dirs = new ArrayList<>();
    if (c != null) {
      c.asMap().keySet().forEach(k -> dirs.add(k.dir()));
    }
    return dirs;
  }

  /**
   * Closes every model (waiting for the calls running on it) and empties the cache: the executor is stopping. Later
   * {@link #acquire} calls load again.
   */
  public static void closeAll() {
    Cache<Key, Entry> c = cache;
    if (c == null) {
      return;
    }
    List<Entry> entries = new ArrayList<>(c.asMap().values());
    c.invalidateAll();
    entries.forEach(Entry::closeNow);
  }

  private static ParallelReasoner load(Key key) {
    ParallelReasoner reasoner = LargeStack.call("ssft-model-load", () -> key.spec().open(key.dir()));
    LOADS.incrementAndGet();
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "ssft-models-shutdown"));
    }
    return reasoner;
  }

  private static Cache<Key, Entry> cache() {
    Cache<Key, Entry> c = cache;
    if (c == null) {
      synchronized (ExecutorModels.class) {
        c = cache;
        if (c == null) {
          c = Caffeine.newBuilder()
              .maximumSize(maxModels())
              .executor(Runnable::run)
              .<Key, Entry>removalListener((key, entry, cause) -> {
                if (entry != null && cause != RemovalCause.REPLACED) {
                  entry.retire();
                }
              })
              .build();
          cache = c;
        }
      }
    }
    return c;
  }

  private static int maxModels() {
    SparkEnv env = SparkEnv.get();
    int max = env == null ? DEFAULT_MAX_MODELS : env.conf().getInt(MAX_MODELS_KEY, DEFAULT_MAX_MODELS);
    if (max < 1) {
      throw new io.github.ssft4j.InvalidArgumentException(MAX_MODELS_KEY + " must be >= 1, got " + max);
    }
    return max;
  }

  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      throw new ModelLoadException("model folder " + dir + " does not exist on this executor"
          + " (ship it with SparkConsensus.Builder.shipModel(true) or put it on shared storage): " + e.getMessage(),
          e);
    }
  }
}
