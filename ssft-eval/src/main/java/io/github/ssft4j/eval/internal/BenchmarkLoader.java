package io.github.ssft4j.eval.internal;

import io.github.ssft4j.eval.AnswerFormat;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.BenchmarkFormat;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.Problem;
import io.github.ssft4j.eval.PromptTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Reads the benchmark layouts of {@link BenchmarkFormat} from local files. */
final class BenchmarkLoader {
  private static final List<String> QUESTION_KEYS = List.of("problem", "question", "Problem", "Question");
  private static final List<String> ANSWER_KEYS = List.of("answer", "Answer");
  private static final List<String> ID_KEYS = List.of("unique_id", "id", "ID", "Record ID");
  private static final String LETTERS = "ABCD";

  private BenchmarkLoader() {}

  static Benchmark load(Path file, Benchmark.LoadOptions options) {
    List<Map<String, String>> rows = Rows.read(file);
    if (rows.isEmpty()) {
      throw new EvaluationException("benchmark file " + file + " has no rows");
    }
    BenchmarkFormat format = options.format() == BenchmarkFormat.AUTO ? detect(file, rows.get(0), options)
        : options.format();
    String name = options.name() != null ? options.name() : baseName(file);
    List<Problem> problems = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      String where = file + " row " + (i + 1);
      problems.add(switch (format) {
        case MATH_500, AIME -> math(row, i, where, options, format);
        case GPQA -> gpqa(row, i, where, options);
        case SUBTRACTION -> plain(row, i, where, options, "question", "answer");
        case GENERIC -> plain(row, i, where, options, required(options.questionField(), "--question-field"),
            required(options.answerField(), "--answer-field"));
        case AUTO -> throw new IllegalStateException();
      });
    }
    AnswerFormat answers = switch (format) {
      case GPQA -> AnswerFormat.LETTER;
      case GENERIC -> options.answerFormat();
      default -> AnswerFormat.MATH;
    };
    PromptTemplate template = switch (format) {
      case MATH_500, AIME -> PromptTemplate.MATH;
      case GPQA -> PromptTemplate.GPQA;
      default -> PromptTemplate.PLAIN;
    };
    return new Benchmark(name, problems, answers, template);
  }

  static BenchmarkFormat detect(Path file, Map<String, String> row, Benchmark.LoadOptions options) {
    if (options.questionField() != null || options.answerField() != null) {
      return BenchmarkFormat.GENERIC;
    }
    if (row.containsKey("Correct Answer") && row.containsKey("Incorrect Answer 1")) {
      return BenchmarkFormat.GPQA;
    }
    if (row.containsKey("question") && row.containsKey("traces") && row.containsKey("answer")) {
      return BenchmarkFormat.SUBTRACTION;
    }
    if (row.containsKey("problem") && row.containsKey("answer") && row.containsKey("unique_id")) {
      return BenchmarkFormat.MATH_500;
    }
    if (first(row, QUESTION_KEYS) != null && first(row, ANSWER_KEYS) != null) {
      return BenchmarkFormat.AIME;
    }
    throw new EvaluationException("cannot tell the layout of " + file + " from its columns " + row.keySet()
        + ": name the columns with --question-field and --answer-field (or pass --format)");
  }

  private static Problem math(Map<String, String> row, int i, String where, Benchmark.LoadOptions options,
      BenchmarkFormat format) {
    String qKey = first(row, QUESTION_KEYS);
    String aKey = first(row, ANSWER_KEYS);
    if (qKey == null || aKey == null) {
      throw new EvaluationException(where + " has no problem/question or answer column (" + format + "); it has "
          + row.keySet());
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String k : List.of("subject", "level", "year", "url")) {
      if (row.get(k) != null) {
        meta.put(k, row.get(k));
      }
    }
    return new Problem(id(row, i, options), text(row, qKey, where), text(row, aKey, where).trim(), meta);
  }

  private static Problem plain(Map<String, String> row, int i, String where, Benchmark.LoadOptions options,
      String qKey, String aKey) {
    return new Problem(id(row, i, options), text(row, qKey, where), text(row, aKey, where).trim(), Map.of());
  }

  private static Problem gpqa(Map<String, String> row, int i, String where, Benchmark.LoadOptions options) {
    String question = text(row, "Question", where).strip();
    List<String> choices = new ArrayList<>(4);
    for (int k = 1; k <= 3; k++) {
      choices.add(text(row, "Incorrect Answer " + k, where).strip());
    }
    // As LightEval's gpqa_instruct: the correct answer goes in at a random position, here seeded per problem.
    String id = id(row, i, options);
    int gold = new SplittableRandom(options.choiceSeed() * 0x9E3779B97F4A7C15L + fnv(id)).nextInt(4);
    choices.add(gold, text(row, "Correct Answer", where).strip());
    StringBuilder q = new StringBuilder(question).append("\n");
    for (int k = 0; k < 4; k++) {
      q.append('\n').append(LETTERS.charAt(k)).append(") ").append(choices.get(k));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String k : List.of("High-level domain", "Subdomain")) {
      if (row.get(k) != null && !row.get(k).isBlank()) {
        meta.put(k, row.get(k));
      }
    }
    return new Problem(id, q.toString(), String.valueOf(LETTERS.charAt(gold)), meta);
  }

  private static String id(Map<String, String> row, int i, Benchmark.LoadOptions options) {
    if (options.idField() != null) {
      String v = row.get(options.idField());
      if (v == null || v.isBlank()) {
        throw new EvaluationException("row " + (i + 1) + " has no id column " + options.idField());
      }
      return v.trim();
    }
    String key = first(row, ID_KEYS);
    return key != null && row.get(key) != null && !row.get(key).isBlank() ? row.get(key).trim()
        : Integer.toString(i);
  }

  private static String text(Map<String, String> row, String key, String where) {
    String v = row.get(key);
    if (v == null || v.isBlank()) {
      throw new EvaluationException(where + ": column " + key + (row.containsKey(key) ? " is empty" : " is missing")
          + " (columns: " + row.keySet() + ")");
    }
    return v;
  }

  private static String first(Map<String, String> row, List<String> keys) {
    for (String k : keys) {
      if (row.containsKey(k)) {
        return k;
      }
    }
    return null;
  }

  private static String required(String field, String flag) {
    if (field == null) {
      throw new EvaluationException("the generic layout needs both " + flag + " and its partner");
    }
    return field;
  }

  private static String baseName(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** 64-bit FNV-1a of the UTF-8 bytes: a hash stable across JVMs (unlike String.hashCode's 32 bits). */
  static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
