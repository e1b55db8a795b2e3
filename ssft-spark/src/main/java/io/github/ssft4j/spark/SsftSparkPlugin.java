package io.github.ssft4j.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the executor's models ({@link ExecutorModels#closeAll()}) when the executor stops, rather than at JVM
 * exit: enable it with {@code --conf spark.plugins=io.github.ssft4j.spark.SsftSparkPlugin}. In {@code local[*]} mode
 * that is when the session stops; without the plugin a JVM shutdown hook closes them.
 */
public final class SsftSparkPlugin implements SparkPlugin {
  /** Used by Spark, which instantiates plugins by class name. */
  public SsftSparkPlugin() {}

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        // Models load lazily, on the first task that needs one.
      }

      @Override
      public void shutdown() {
        ExecutorModels.closeAll();
      }
    };
  }
}
