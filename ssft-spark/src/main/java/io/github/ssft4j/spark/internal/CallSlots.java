package io.github.ssft4j.spark.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * How many consensus calls run at once in this executor, across all of its tasks. Each call is single-threaded
 * (one ONNX Runtime intra-op thread by default), so one slot per core keeps every core busy whether the executor
 * runs one task or several, without oversubscribing it.
 */
public final class CallSlots {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
  private static final Map<Integer, Semaphore> SLOTS = new ConcurrentHashMap<>();

  private CallSlots() {}

  /**
   * @param requested the job's setting; {@code 0} means one per executor core
   * @return the number of slots to use here
   */
  public static int resolve(int requested) {
    if (requested > 0) {
      return requested;
    }
    SparkEnv env = SparkEnv.get();
    return env == null ? Runtime.getRuntime().availableProcessors() : executorCores(env.conf());
  }

  /**
   * @param slots the executor-wide number of concurrent calls
   * @return the fair semaphore shared by every task that asks for that many
   */
  public static Semaphore semaphore(int slots) {
    return SLOTS.computeIfAbsent(slots, n -> new Semaphore(n, true));
  }

  /** The executor's cores: {@code local[N]}'s N, else {@code spark.executor.cores}, else the machine's. */
  static int executorCores(SparkConf conf) {
    String master = conf.get("spark.master", "");
    if (master.equals("local")) {
      return 1;
    }
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }
    return conf.getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
  }
}
