package io.github.ssft4j.spark;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.spark.internal.GenerationSettings;
import io.github.ssft4j.spark.internal.ModelShipping;
import io.github.ssft4j.spark.internal.PartitionConsensus;
import io.github.ssft4j.spark.internal.RowConsensus;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Consensus over a {@code Dataset<Row>} of questions as a Spark job: each row is answered by
 * {@link ParallelReasoner#consensus(String, int, GenerationOptions)} on the executors, and comes back with the voted
 * answer, the tally, every branch (tag, answer, finish reason, text) and, when a gold column is named, whether the
 * branches and the vote are correct. {@link ConsensusMetrics#of(Dataset)} turns the result into Pass@1 and Cons@k.
 *
 * <pre>{@code
 * SparkConsensus consensus = SparkConsensus.builder("models/qwen2-ssft")
 *     .k(6)
 *     .generation(GenerationOptions.DEFAULT.withMaxNewTokens(512))
 *     .questionColumn("problem")
 *     .goldColumn("answer")
 *     .seedColumn("seed")
 *     .shipModel(true)
 *     .build();
 * Dataset<Row> answered = consensus.transform(spark.read().json("math500.jsonl"));
 * ConsensusMetrics metrics = ConsensusMetrics.of(answered);
 * }</pre>
 *
 * <p><b>Determinism.</b> A row's output depends on the row alone: its question, its seed (the seed column, else the
 * generation options' seed) and its other per-row settings. The same rows give the same answers however they are
 * partitioned, and the same as a local {@code ParallelReasoner} built with the same {@link ReasonerSpec}.
 *
 * <p><b>Executors.</b> Each executor JVM loads the model once ({@link ExecutorModels}) and shares it between its
 * tasks and jobs. Calls run on up to {@link Builder#callsPerExecutor(int)} threads per executor (default: one per
 * executor core), shared fairly by the tasks running there, so that one task alone still keeps every core busy.
 *
 * <p>Instances are immutable and serializable; the result columns are named by the constants of this class.
 */
public final class SparkConsensus implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The voted answer as written, or null when no branch answered. */
  public static final String ANSWER = RowConsensus.ANSWER;
  /** The voted answer's canonical form. */
  public static final String NORMALIZED = RowConsensus.NORMALIZED;
  /** The tally: {@code array<struct<answer, normalized, count, weight, branches>>}, the winner first. */
  public static final String VOTES = RowConsensus.VOTES;
  /**
   * Every branch: {@code array<struct<index, tag_index, tag, answer, normalized, finish_reason, tokens, text,
   * correct>>}, in branch order.
   */
  public static final String BRANCHES = RowConsensus.BRANCHES;
  /** Whether the voted answer is correct; null without a gold answer. */
  public static final String CORRECT = RowConsensus.CORRECT;
  /** The seed the row was sampled with. */
  public static final String SEED = RowConsensus.SEED;
  /** The number of branches the row got. */
  public static final String K = RowConsensus.K;
  /** Why the row has no result, when {@link Builder#recordErrors(boolean)} is set; null otherwise. */
  public static final String ERROR = RowConsensus.ERROR;

  private static final DataType TAGS_TYPE = DataTypes.createArrayType(DataTypes.IntegerType);

  private final String modelDir;
  private final boolean shipModel;
  private final ReasonerSpec reasoner;
  private final GenerationSettings generation;
  private final int k;
  private final String questionColumn;
  private final String goldColumn;
  private final String seedColumn;
  private final String kColumn;
  private final String tagsColumn;
  private final String temperatureColumn;
  private final String topPColumn;
  private final String maxNewTokensColumn;
  private final int callsPerExecutor;
  private final boolean includeText;
  private final boolean recordErrors;
  private transient CollectionAccumulator<String> loads;

  private SparkConsensus(Builder b) {
    this.modelDir = b.modelDir;
    this.shipModel = b.shipModel;
    this.reasoner = b.reasoner;
    this.generation = new GenerationSettings(b.generation);
    this.k = b.k;
    this.questionColumn = b.questionColumn;
    this.goldColumn = b.goldColumn;
    this.seedColumn = b.seedColumn;
    this.kColumn = b.kColumn;
    this.tagsColumn = b.tagsColumn;
    this.temperatureColumn = b.temperatureColumn;
    this.topPColumn = b.topPColumn;
    this.maxNewTokensColumn = b.maxNewTokensColumn;
    this.callsPerExecutor = b.callsPerExecutor;
    this.includeText = b.includeText;
    this.recordErrors = b.recordErrors;
  }

  /**
   * @param modelDir the model folder: a path every executor can read (shared storage, or any path in local mode),
   *     or a folder of the driver together with {@link Builder#shipModel(boolean)}
   * @return a builder with every default set
   */
  public static Builder builder(String modelDir) {
    if (modelDir == null || modelDir.isBlank()) {
      throw new InvalidArgumentException("modelDir must name a model folder");
    }
    return new Builder(modelDir);
  }

  /**
   * Plans the job: checks the columns, ships the model when asked, and returns the answered rows (lazily, as
   * Spark does; nothing runs until an action).
   *
   * @param questions one question per row
   * @return the rows with the result columns appended
   * @throws InvalidArgumentException when a named column is missing or of the wrong type, or the questions already
   *     have a result column
   */
  public Dataset<Row> transform(Dataset<Row> questions) {
    StructType schema = questions.schema();
    RowConsensus.Columns columns = new RowConsensus.Columns(questionColumn,
        column(schema, "question", questionColumn, true, DataTypes.StringType),
        column(schema, "gold", goldColumn, false, null),
        column(schema, "seed", seedColumn, false, DataTypes.LongType),
        column(schema, "k", kColumn, false, DataTypes.IntegerType),
        column(schema, "tags", tagsColumn, false, TAGS_TYPE),
        column(schema, "temperature", temperatureColumn, false, DataTypes.DoubleType),
        column(schema, "topP", topPColumn, false, DataTypes.DoubleType),
        column(schema, "maxNewTokens", maxNewTokensColumn, false, DataTypes.IntegerType));
    StructType out = RowConsensus.outputSchema(schema);
    SparkContext sc = questions.sparkSession().sparkContext();
    if (ModelShipping.isRemote(modelDir)) {
      throw new InvalidArgumentException("model folder " + modelDir + " is a URI: executors load models from local "
          + "paths; name a folder every executor mounts, or a folder of the driver with shipModel(true)");
    }
    String shippedName = shipModel ? ModelShipping.ship(questions.sparkSession(), modelDir) : null;
    PartitionConsensus task = new PartitionConsensus(modelDir, shippedName, reasoner,
        new RowConsensus(columns, schema.length(), k, generation, includeText, recordErrors), callsPerExecutor,
        loadsAccumulator(sc));
    return questions.mapPartitions(task, Encoders.row(out));
  }

  /**
   * A model load on an executor for a job of this instance.
   *
   * @param executorId Spark's id of the executor ({@code driver} in local mode)
   * @param folder the folder it loaded: the shipped copy, or the path on shared storage
   */
  public record ModelLoad(String executorId, String folder) {}

  /**
   * Every model load the jobs of this instance caused (a model already in an executor's cache is not loaded
   * again). Read it after an action.
   *
   * @return the loads, in no particular order; empty before any job ran
   */
  public synchronized List<ModelLoad> modelLoads() {
    List<ModelLoad> out = new java.util.ArrayList<>();
    if (loads != null) {
      for (String entry : loads.value()) {
        int tab = entry.indexOf('\t');
        out.add(new ModelLoad(entry.substring(0, tab), entry.substring(tab + 1)));
      }
    }
    return out;
  }

  /**
   * @return executor id to the number of model loads there ({@link #modelLoads()} counted); with one executor per
   *     JVM every value should be 1
   */
  public Map<String, Long> modelLoadsByExecutor() {
    Map<String, Long> counts = new TreeMap<>();
    for (ModelLoad load : modelLoads()) {
      counts.merge(load.executorId(), 1L, Long::sum);
    }
    return counts;
  }

  private synchronized CollectionAccumulator<String> loadsAccumulator(SparkContext sc) {
    if (loads == null) {
      loads = sc.collectionAccumulator("ssft model loads");
    }
    return loads;
  }

  private static int column(StructType schema, String role, String name, boolean required, DataType expected) {
    if (name == null) {
      if (required) {
        throw new InvalidArgumentException("the " + role + " column must be named");
      }
      return -1;
    }
    List<String> names = Arrays.asList(schema.fieldNames());
    int index = names.indexOf(name);
    if (index < 0) {
      throw new InvalidArgumentException("no column '" + name + "' (the " + role + " column) among " + names);
    }
    DataType actual = schema.fields()[index].dataType();
    boolean ok = expected == null
        || expected.equals(DataTypes.StringType) && actual.equals(DataTypes.StringType)
        || expected.equals(TAGS_TYPE) && actual instanceof ArrayType a && integral(a.elementType())
        || expected.equals(DataTypes.DoubleType) && actual instanceof NumericType
        || (expected.equals(DataTypes.LongType) || expected.equals(DataTypes.IntegerType)) && integral(actual);
    if (!ok) {
      throw new InvalidArgumentException("column '" + name + "' (the " + role + " column) is " + actual.simpleString()
          + ", expected " + (expected.equals(DataTypes.DoubleType) ? "a number"
              : expected.equals(TAGS_TYPE) ? "an array of integers" : expected.simpleString()));
    }
    return index;
  }

  private static boolean integral(DataType t) {
    return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType);
  }

  /** Configures a {@link SparkConsensus}; every setting has a default. */
  public static final class Builder {
    private final String modelDir;
    private boolean shipModel;
    private ReasonerSpec reasoner = ReasonerSpec.DEFAULT;
    private GenerationOptions generation = GenerationOptions.DEFAULT;
    private int k = 6;
    private String questionColumn = "question";
    private String goldColumn;
    private String seedColumn;
    private String kColumn;
    private String tagsColumn;
    private String temperatureColumn;
    private String topPColumn;
    private String maxNewTokensColumn;
    private int callsPerExecutor;
    private boolean includeText = true;
    private boolean recordErrors;

    private Builder(String modelDir) {
      this.modelDir = modelDir;
    }

    /**
     * @param ship whether to send the model folder from the driver to every executor (default {@code false}: the
     *     folder is on storage every executor mounts). The folder is packed into a jar once per session and added
     *     as the session's artifact; each executor unpacks it once into its {@code SparkFiles} directory. For
     *     large models, shared storage avoids the copies.
     * @return this builder
     */
    public Builder shipModel(boolean ship) {
      this.shipModel = ship;
      return this;
    }

    /**
     * Sets how the executors build their reasoner.
     *
     * @param spec runtime, system prompt, tag schedule and voting strategy on the executors
     * @return this builder
     */
    public Builder reasoner(ReasonerSpec spec) {
      this.reasoner = notNull("reasoner", spec);
      return this;
    }

    /**
     * @param options sampling options of every row; the seed is used by rows without a seed column value
     * @return this builder
     */
    public Builder generation(GenerationOptions options) {
      this.generation = notNull("generation", options);
      return this;
    }

    /**
     * Sets the number of branches per question.
     *
     * @param branches branches per question, {@code >= 1}; default 6
     * @return this builder
     */
    public Builder k(int branches) {
      if (branches < 1) {
        throw new InvalidArgumentException("k must be >= 1, got " + branches);
      }
      this.k = branches;
      return this;
    }

    /**
     * Sets the column that holds the question.
     *
     * @param name the question column (string); default {@code question}
     * @return this builder
     */
    public Builder questionColumn(String name) {
      this.questionColumn = notNull("questionColumn", name);
      return this;
    }

    /**
     * Sets the column that holds the gold answer.
     *
     * @param name the gold answer column (any type, read as text), or null for none
     * @return this builder
     */
    public Builder goldColumn(String name) {
      this.goldColumn = name;
      return this;
    }

    /**
     * Sets the column that holds each row's sampling seed.
     *
     * @param name an integral column with each row's seed, or null: every row uses the options' seed
     * @return this builder
     */
    public Builder seedColumn(String name) {
      this.seedColumn = name;
      return this;
    }

    /**
     * Sets the column that holds each row's number of branches.
     *
     * @param name an integral column with each row's k (null values use {@link #k(int)})
     * @return this builder
     */
    public Builder kColumn(String name) {
      this.kColumn = name;
      return this;
    }

    /**
     * Sets a column with each row's explicit tags (array of integers, one 1-based tag per branch, 0 for an untagged
     * branch); a row with a value gets as many branches as it lists, in that order, and ignores k and the tag
     * schedule.
     *
     * @param name the tags column, or null
     * @return this builder
     */
    public Builder tagsColumn(String name) {
      this.tagsColumn = name;
      return this;
    }

    /**
     * Sets the column that holds each row's temperature.
     *
     * @param name a numeric column with each row's temperature, or null
     * @return this builder
     */
    public Builder temperatureColumn(String name) {
      this.temperatureColumn = name;
      return this;
    }

    /**
     * Sets the column that holds each row's top-p.
     *
     * @param name a numeric column with each row's top-p, or null
     * @return this builder
     */
    public Builder topPColumn(String name) {
      this.topPColumn = name;
      return this;
    }

    /**
     * Sets the column that holds each row's token budget.
     *
     * @param name an integral column with each row's token budget, or null
     * @return this builder
     */
    public Builder maxNewTokensColumn(String name) {
      this.maxNewTokensColumn = name;
      return this;
    }

    /**
     * @param calls concurrent consensus calls per executor, shared by its tasks; {@code 0} (the default) means one
     *     per executor core ({@code local[N]}'s N, else {@code spark.executor.cores}, else the machine's)
     * @return this builder
     */
    public Builder callsPerExecutor(int calls) {
      if (calls < 0) {
        throw new InvalidArgumentException("callsPerExecutor must be >= 0, got " + calls);
      }
      this.callsPerExecutor = calls;
      return this;
    }

    /**
     * Sets whether the output keeps each branch's text.
     *
     * @param include whether each branch's text is kept in the output (default true)
     * @return this builder
     */
    public Builder includeText(boolean include) {
      this.includeText = include;
      return this;
    }

    /**
     * @param record when {@code true}, a row whose call fails with an ssft4j exception (an over-long prompt, an
     *     invalid per-row option) gets {@link #ERROR} and no answer instead of failing the job; default {@code false}
     * @return this builder
     */
    public Builder recordErrors(boolean record) {
      this.recordErrors = record;
      return this;
    }

    /** @return the job description */
    public SparkConsensus build() {
      return new SparkConsensus(this);
    }

    private static <T> T notNull(String field, T value) {
      if (value == null) {
        throw new InvalidArgumentException(field + " must not be null");
      }
      return value;
    }
  }
}
