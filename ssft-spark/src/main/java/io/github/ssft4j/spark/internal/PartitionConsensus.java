package io.github.ssft4j.spark.internal;

import io.github.ssft4j.GenerationException;
import io.github.ssft4j.spark.ExecutorModels;
import io.github.ssft4j.spark.ReasonerSpec;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The task side of {@code SparkConsensus}: leases the executor's model, then answers the partition's rows with up
 * to the executor's call slots in flight, in input order (results do not depend on the partitioning: each row's
 * output is a function of the row alone).
 */
public final class PartitionConsensus implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String modelDir;
  private final String shippedName;
  private final ReasonerSpec spec;
  private final RowConsensus rows;
  private final int callsPerExecutor;
  private final CollectionAccumulator<String> loads;

  /**
   * @param modelDir the model folder as the driver named it
   * @param shippedName the name {@link ModelShipping#ship} shipped the folder under, or {@code null}
   * @param spec how the model is opened
   * @param rows answers one row
   * @param callsPerExecutor concurrent calls in this executor, {@code 0} for one per core
   * @param loads collects {@code executorId TAB folder} for each model load this job caused
   */
  public PartitionConsensus(String modelDir, String shippedName, ReasonerSpec spec, RowConsensus rows,
      int callsPerExecutor, CollectionAccumulator<String> loads) {
    this.modelDir = modelDir;
    this.shippedName = shippedName;
    this.spec = spec;
    this.rows = rows;
    this.callsPerExecutor = callsPerExecutor;
    this.loads = loads;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    if (!input.hasNext()) {
      return input;
    }
    Path folder = localFolder();
    ExecutorModels.Lease lease = ExecutorModels.acquire(folder, spec);
    if (lease.loadedNow() && loads != null) {
      SparkEnv env = SparkEnv.get();
      loads.add((env == null ? "driver" : env.executorId()) + "\t" + folder.toAbsolutePath());
    }
    int slots = CallSlots.resolve(callsPerExecutor);
    InFlight window = new InFlight(input, lease, slots, CallSlots.semaphore(slots));
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> window.close());
    }
    return window;
  }

  /** The shipped copy (unpacked on this executor's first task), else the folder as named. */
  private Path localFolder() {
    return shippedName != null ? ModelShipping.unpack(shippedName) : ModelShipping.localPath(modelDir);
  }

  /** A submitted row; whoever claims it first (the pool thread, or close()) owns its slot's release. */
  private static final class Call {
    final AtomicBoolean claimed = new AtomicBoolean();
    volatile Future<Row> future;
  }

  /** Rows in input order, up to {@code slots} of them being answered at once. */
  private final class InFlight implements Iterator<Row> {
    private final Iterator<Row> input;
    private final ExecutorModels.Lease lease;
    private final int window;
    private final Semaphore slots;
    private final ArrayDeque<Call> pending = new ArrayDeque<>();
    private boolean closed;

    InFlight(Iterator<Row> input, ExecutorModels.Lease lease, int window, Semaphore slots) {
      this.input = input;
      this.lease = lease;
      this.window = window;
      this.slots = slots;
    }

    @Override
    public boolean hasNext() {
      fill();
      boolean more = !pending.isEmpty();
      if (!more) {
        close();
      }
      return more;
    }

    @Override
    public Row next() {
      fill();
      Call head = pending.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      try {
        return head.future.get();
      } catch (ExecutionException e) {
        close();
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new GenerationException("consensus call failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException | CancellationException e) {
        close();
        Thread.currentThread().interrupt();
        throw new GenerationException("task interrupted while a consensus call was running", e);
      }
    }

    // The input is read on the task thread (Spark's iterators are not thread-safe); only the calls run elsewhere.
    private void fill() {
      while (!closed && pending.size() < window && input.hasNext()) {
        Row row = input.next();
        slots.acquireUninterruptibly();
        Call call = new Call();
        try {
          call.future = LargeStack.calls().submit(() -> {
            if (!call.claimed.compareAndSet(false, true)) {
              return null; // dropped by close() before it started; close() returned the slot
            }
            try {
              return rows.answer(lease.reasoner(), row);
            } finally {
              slots.release();
            }
          });
        } catch (RuntimeException e) {
          slots.release();
          throw e;
        }
        pending.add(call);
      }
    }

    synchronized void close() {
      if (!closed) {
        closed = true;
        // Calls not started yet are dropped; running ones finish (the model is only freed once they return).
        for (Call call : pending) {
          if (call.claimed.compareAndSet(false, true)) {
            call.future.cancel(false);
            slots.release();
          }
        }
        lease.close();
      }
    }
  }
}
