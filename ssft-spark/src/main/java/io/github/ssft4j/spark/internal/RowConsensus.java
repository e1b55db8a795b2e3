package io.github.ssft4j.spark.internal;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.Trace;
import io.github.ssft4j.voting.AnswerVerifier;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Answers one input row: reads the question, the gold answer and the per-row settings from their columns, runs the
 * consensus call and appends the result columns. Column positions are resolved once, on the driver.
 */
public final class RowConsensus implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The result columns, in the order they are appended. */
  public static final String ANSWER = "consensus_answer";
  public static final String NORMALIZED = "consensus_normalized";
  public static final String VOTES = "consensus_votes";
  public static final String BRANCHES = "consensus_branches";
  public static final String CORRECT = "consensus_correct";
  public static final String SEED = "consensus_seed";
  public static final String K = "consensus_k";
  public static final String ERROR = "consensus_error";

  /** One element of {@link #VOTES}. */
  public static final StructType VOTE_TYPE = new StructType()
      .add("answer", DataTypes.StringType, false)
      .add("normalized", DataTypes.StringType, false)
      .add("count", DataTypes.IntegerType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("branches", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

  /** One element of {@link #BRANCHES}. */
  public static final StructType BRANCH_TYPE = new StructType()
      .add("index", DataTypes.IntegerType, false)
      .add("tag_index", DataTypes.IntegerType, false)
      .add("tag", DataTypes.StringType, false)
      .add("answer", DataTypes.StringType, true)
      .add("normalized", DataTypes.StringType, true)
      .add("finish_reason", DataTypes.StringType, false)
      .add("tokens", DataTypes.IntegerType, false)
      .add("text", DataTypes.StringType, true)
      .add("correct", DataTypes.BooleanType, true);

  private static final StructField[] RESULT_FIELDS = {
    DataTypes.createStructField(ANSWER, DataTypes.StringType, true),
    DataTypes.createStructField(NORMALIZED, DataTypes.StringType, true),
    DataTypes.createStructField(VOTES, DataTypes.createArrayType(VOTE_TYPE, false), true),
    DataTypes.createStructField(BRANCHES, DataTypes.createArrayType(BRANCH_TYPE, false), true),
    DataTypes.createStructField(CORRECT, DataTypes.BooleanType, true),
    DataTypes.createStructField(SEED, DataTypes.LongType, false),
    DataTypes.createStructField(K, DataTypes.IntegerType, false),
    DataTypes.createStructField(ERROR, DataTypes.StringType, true),
  };

  /** Where the inputs are in a row; {@code -1} for a column not used. */
  public record Columns(String questionName, int question, int gold, int seed, int k, int tags, int temperature,
      int topP, int maxNewTokens) implements Serializable {}

  private final Columns columns;
  private final int inputWidth;
  private final int defaultK;
  private final GenerationSettings generation;
  private final boolean includeText;
  private final boolean recordErrors;

  /**
   * @param columns the input columns
   * @param inputWidth how many columns the input rows have
   * @param defaultK branches when no k column is set or its value is null
   * @param generation the options a row's columns do not override
   * @param includeText whether each branch's text goes into the output
   * @param recordErrors whether a row whose call fails with an {@link SsftException} gets {@link #ERROR} instead of
   *     failing the task
   */
  public RowConsensus(Columns columns, int inputWidth, int defaultK, GenerationSettings generation,
      boolean includeText, boolean recordErrors) {
    this.columns = columns;
    this.inputWidth = inputWidth;
    this.defaultK = defaultK;
    this.generation = generation;
    this.includeText = includeText;
    this.recordErrors = recordErrors;
  }

  /**
   * @param input the questions' schema
   * @return it with the result columns appended
   * @throws InvalidArgumentException when the input already has a column of that name
   */
  public static StructType outputSchema(StructType input) {
    StructType out = input;
    for (StructField f : RESULT_FIELDS) {
      for (String name : input.fieldNames()) {
        if (name.equalsIgnoreCase(f.name())) {
          throw new InvalidArgumentException("the questions already have a column '" + name
              + "', which SparkConsensus writes: rename or drop it first");
        }
      }
      out = out.add(f);
    }
    return out;
  }

  /**
   * @param reasoner the executor's shared reasoner
   * @param row an input row
   * @return the row with the result columns appended
   */
  public Row answer(ParallelReasoner reasoner, Row row) {
    Object[] values = new Object[inputWidth + RESULT_FIELDS.length];
    for (int i = 0; i < inputWidth; i++) {
      values[i] = row.get(i);
    }
    GenerationOptions options = generation.options();
    int k = defaultK;
    try {
      options = options(row, options);
      k = columns.k() < 0 || row.isNullAt(columns.k()) ? defaultK : ((Number) row.get(columns.k())).intValue();
      if (row.isNullAt(columns.question())) {
        throw new InvalidArgumentException("column '" + columns.questionName() + "' is null");
      }
      ConsensusRequest.Builder request = ConsensusRequest.builder(row.getString(columns.question())).options(options);
      if (present(row, columns.tags())) {
        List<Integer> tags = new ArrayList<>();
        for (Object tag : row.getList(columns.tags())) {
          tags.add(((Number) tag).intValue());
        }
        request.tags(tags);
        k = tags.size();
      } else {
        request.k(k);
      }
      ConsensusResult result = reasoner.consensus(request.build());
      String gold = columns.gold() < 0 || row.isNullAt(columns.gold()) ? null : String.valueOf(row.get(columns.gold()));
      fill(values, inputWidth, result, gold);
    } catch (SsftException e) {
      if (!recordErrors) {
        throw e;
      }
      values[inputWidth + 7] = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    values[inputWidth + 5] = options.seed();
    values[inputWidth + 6] = k;
    return RowFactory.create(values);
  }

  private GenerationOptions options(Row row, GenerationOptions base) {
    GenerationOptions o = base;
    if (present(row, columns.seed())) {
      o = o.withSeed(((Number) row.get(columns.seed())).longValue());
    }
    if (present(row, columns.temperature())) {
      o = o.withTemperature(((Number) row.get(columns.temperature())).doubleValue());
    }
    if (present(row, columns.topP())) {
      o = o.withTopP(((Number) row.get(columns.topP())).doubleValue());
    }
    if (present(row, columns.maxNewTokens())) {
      o = o.withMaxNewTokens(((Number) row.get(columns.maxNewTokens())).intValue());
    }
    return o;
  }

  private static boolean present(Row row, int column) {
    return column >= 0 && !row.isNullAt(column);
  }

  private void fill(Object[] values, int at, ConsensusResult result, String gold) {
    List<Branch> branches = result.branches();
    Boolean[] correct = new Boolean[branches.size()];
    List<Row> branchRows = new ArrayList<>(branches.size());
    for (Branch b : branches) {
      Trace t = b.trace();
      correct[b.index()] = gold == null ? null : AnswerVerifier.verify(gold, t.text(), AnswerVerifier.Options.DEFAULT);
      branchRows.add(RowFactory.create(b.index(), t.tagIndex(), t.tag(), text(b.answer(), false),
          text(b.answer(), true), t.finishReason().name(), t.tokenIds().size(), includeText ? t.text() : null,
          correct[b.index()]));
    }
    List<Row> voteRows = new ArrayList<>(result.votes().size());
    for (AnswerVote v : result.votes()) {
      voteRows.add(RowFactory.create(v.answer().raw(), v.answer().normalized(), v.count(), v.weight(),
          seq(v.branches())));
    }
    values[at] = text(result.answer(), false);
    values[at + 1] = text(result.answer(), true);
    values[at + 2] = seq(voteRows);
    values[at + 3] = seq(branchRows);
    values[at + 4] = gold == null ? null : votedCorrect(result, correct);
  }

  /** The voted answer is graded as its class's first branch: the branch whose answer represents the class. */
  private static boolean votedCorrect(ConsensusResult result, Boolean[] correct) {
    if (!result.answer().isPresent()) {
      return false;
    }
    for (AnswerVote v : result.votes()) {
      if (v.answer().equals(result.answer()) && !v.branches().isEmpty()) {
        return correct[v.branches().get(0)];
      }
    }
    return false;
  }

  private static String text(ExtractedAnswer answer, boolean normalized) {
    if (!answer.isPresent()) {
      return null;
    }
    return normalized ? answer.normalized() : answer.raw();
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
