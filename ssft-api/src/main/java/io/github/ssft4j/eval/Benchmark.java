package io.github.ssft4j.eval;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.spi.EvaluationEngine;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named list of problems with how to prompt for them and how to judge their answers. Immutable.
 *
 * <pre>{@code
 * Benchmark aime = Benchmark.load(Path.of("aime_2024.jsonl"));              // layout recognised from its columns
 * Benchmark gpqa = Benchmark.load(Path.of("gpqa_diamond.csv"),
 *     Benchmark.LoadOptions.builder().format(BenchmarkFormat.GPQA).build());
 * Benchmark mine = Benchmark.load(Path.of("mine.csv"),
 *     Benchmark.LoadOptions.builder().questionField("prompt").answerField("target").build());
 * }</pre>
 *
 * @param name a short name used in reports (by default the file name without its extension)
 * @param problems the problems, ids unique, at least one
 * @param answerFormat how answers are extracted and compared
 * @param template how a question becomes the user message
 */
public record Benchmark(String name, List<Problem> problems, AnswerFormat answerFormat, PromptTemplate template) {
  /** Copies the list; rejects an empty one and duplicate ids. */
  public Benchmark {
    if (name == null || name.isBlank() || answerFormat == null || template == null) {
      throw new InvalidArgumentException("a benchmark needs a name, an answer format and a template");
    }
    problems = List.copyOf(problems);
    if (problems.isEmpty()) {
      throw new InvalidArgumentException("benchmark " + name + " has no problems");
    }
    Set<String> ids = new HashSet<>();
    for (Problem p : problems) {
      if (!ids.add(p.id())) {
        throw new InvalidArgumentException("benchmark " + name + " has the problem id " + p.id() + " twice");
      }
    }
  }

  /**
   * Loads a benchmark file, recognising its layout from its columns.
   *
   * @param file a JSONL, JSON or CSV file
   * @return the benchmark
   * @throws EvaluationException when the file cannot be read or has no known layout
   */
  public static Benchmark load(Path file) {
    return load(file, LoadOptions.DEFAULTS);
  }

  /**
   * @param file a JSONL, JSON or CSV file
   * @param options layout, column names, seed of the multiple-choice order
   * @return the benchmark
   * @throws EvaluationException when the file cannot be read, lacks a named column or has an empty answer
   */
  public static Benchmark load(Path file, LoadOptions options) {
    return EvaluationEngine.findDefault().load(file, options);
  }

  /**
   * Returns a copy that renders its prompts with another template.
   *
   * @param value another template
   * @return a copy using it
   */
  public Benchmark withTemplate(PromptTemplate value) {
    return new Benchmark(name, problems, answerFormat, value);
  }

  /**
   * Returns a copy with another name.
   *
   * @param value another name
   * @return a copy named so
   */
  public Benchmark withName(String value) {
    return new Benchmark(value, problems, answerFormat, template);
  }

  /**
   * @param n how many problems to keep, {@code >= 1}
   * @return a copy with the first {@code n} problems (all when there are fewer)
   */
  public Benchmark first(int n) {
    if (n < 1) {
      throw new InvalidArgumentException("first(n) needs n >= 1, got " + n);
    }
    return new Benchmark(name, problems.subList(0, Math.min(n, problems.size())), answerFormat, template);
  }

  /**
   * How a benchmark file is read. Build with {@link #builder()}; every setting has a default.
   *
   * @param format the layout; default {@link BenchmarkFormat#AUTO}
   * @param questionField the question column ({@link BenchmarkFormat#GENERIC}), or {@code null}
   * @param answerField the answer column ({@link BenchmarkFormat#GENERIC}), or {@code null}
   * @param idField the id column, or {@code null} for the layout's own (row number when it has none)
   * @param answerFormat for {@link BenchmarkFormat#GENERIC}: how answers are judged; default {@link AnswerFormat#MATH}
   * @param choiceSeed seeds where GPQA's correct answer is placed; default 1234 (the reference seed)
   * @param name the benchmark's name, or {@code null} for the file name without extension
   */
  public record LoadOptions(BenchmarkFormat format, String questionField, String answerField, String idField,
      AnswerFormat answerFormat, long choiceSeed, String name) {
    /** Every default. */
    public static final LoadOptions DEFAULTS = builder().build();

    /** Rejects a null format. */
    public LoadOptions {
      if (format == null || answerFormat == null) {
        throw new InvalidArgumentException("format and answerFormat must not be null");
      }
    }

    /** @return a builder with every default */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds {@link LoadOptions}. */
    public static final class Builder {
      private BenchmarkFormat format = BenchmarkFormat.AUTO;
      private String questionField;
      private String answerField;
      private String idField;
      private AnswerFormat answerFormat = AnswerFormat.MATH;
      private long choiceSeed = 1234L;
      private String name;

      private Builder() {}

      /**
       * Sets the file layout to read.
       *
       * @param value the layout
       * @return this builder
       */
      public Builder format(BenchmarkFormat value) {
        this.format = value;
        return this;
      }

      /**
       * Sets the column that holds the question.
       *
       * @param value the question column; implies {@link BenchmarkFormat#GENERIC} under AUTO
       * @return this builder
       */
      public Builder questionField(String value) {
        this.questionField = value;
        return this;
      }

      /**
       * Sets the column that holds the gold answer.
       *
       * @param value the answer column; implies {@link BenchmarkFormat#GENERIC} under AUTO
       * @return this builder
       */
      public Builder answerField(String value) {
        this.answerField = value;
        return this;
      }

      /**
       * Sets the column that identifies each problem.
       *
       * @param value the id column
       * @return this builder
       */
      public Builder idField(String value) {
        this.idField = value;
        return this;
      }

      /**
       * Sets how answers are judged.
       *
       * @param value how answers are judged (GENERIC)
       * @return this builder
       */
      public Builder answerFormat(AnswerFormat value) {
        this.answerFormat = value;
        return this;
      }

      /**
       * Sets the seed that orders the options of multiple-choice problems.
       *
       * @param value the seed of GPQA's option order
       * @return this builder
       */
      public Builder choiceSeed(long value) {
        this.choiceSeed = value;
        return this;
      }

      /**
       * Sets the benchmark's name.
       *
       * @param value the benchmark's name
       * @return this builder
       */
      public Builder name(String value) {
        this.name = value;
        return this;
      }

      /** @return the options */
      public LoadOptions build() {
        return new LoadOptions(format, questionField, answerField, idField, answerFormat, choiceSeed, name);
      }
    }
  }
}
