package io.github.ssft4j.cli;

import io.github.ssft4j.DemoModel;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.eval.AnswerFormat;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.BenchmarkFormat;
import io.github.ssft4j.eval.Estimate;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationEvent;
import io.github.ssft4j.eval.EvaluationProtocol;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import io.github.ssft4j.eval.PromptTemplate;
import io.github.ssft4j.InvalidArgumentException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssft eval}: the paper's evaluation protocol over a benchmark file, resumable from its journal. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluates a model on a benchmark file (MATH-500, AIME, GPQA, subtraction, any JSONL/JSON/CSV) "
        + "under the SSFT paper's protocol (sampling: temperature 0.7, top-p 0.95, seed 1234 unless given); every "
        + "sample goes to a journal, so an interrupted run resumes where it stopped. Writes results.md/json/png and "
        + "problems.csv.",
    subcommands = {EvalCommand.Report.class, EvalCommand.Compare.class, EvalCommand.Summary.class,
        EvalSubtractionCommand.class})
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Model folder (HF files + model.onnx). Default: the demo model "
      + "(" + DemoModel.ARTIFACT + ", SSFT on two-digit subtraction).")
  Path model;

  @Option(names = "--benchmark", description = "Benchmark file (.jsonl, .json, .csv). Required to run.")
  Path benchmark;

  @Option(names = "--format", defaultValue = "AUTO", description = "Layout: ${COMPLETION-CANDIDATES}. "
      + "Default: recognised from the columns.")
  BenchmarkFormat format;

  @Option(names = "--question-field", description = "Question column of a generic file.")
  String questionField;

  @Option(names = "--answer-field", description = "Answer column of a generic file.")
  String answerField;

  @Option(names = "--id-field", description = "Id column (default: the layout's own, else the row number).")
  String idField;

  @Option(names = "--answer-format", defaultValue = "MATH",
      description = "Generic files: MATH or LETTER. Default: ${DEFAULT-VALUE}.")
  AnswerFormat answerFormat;

  @Option(names = "--limit", defaultValue = "0", description = "Evaluate only the first N problems (0: all).")
  int limit;

  @Option(names = "--protocol", defaultValue = "paper", split = ",",
      description = "Metrics, comma-separated: paper (= pass1:32,native:6:11,cons:32), pass1:N[:TAG], "
          + "passk:N:K[:TAG], maj:K[:TAG], native:K:S (S samples per tag, K tags), cons:K (K spread over the tags). "
          + "TAG 0 = no tag prefix. Default: ${DEFAULT-VALUE}.")
  List<String> protocol;

  @Option(names = "--template", description = "Prompt template: math, gpqa, plain, or a file containing "
      + "{question}. Default: the layout's (math for MATH-500/AIME, gpqa for GPQA, plain otherwise).")
  String template;

  @Option(names = "--system-prompt", description = "System message. Default: none.")
  String systemPrompt;

  @Mixin SamplingMixin sampling;

  @Option(names = "--out", description = "Folder for the journal (journal.jsonl) and report. Required to run.")
  Path out;

  @Option(names = "--journal", description = "Journal file. Default: OUT/journal.jsonl.")
  Path journal;

  @Option(names = "--concurrency", defaultValue = "2", description = "Problems in flight. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--samples-per-call", defaultValue = "0",
      description = "Most branches per forked call (0: all of a problem's samples share one prefill).")
  int samplesPerCall;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Mixin RuntimeMixin runtime;

  @Override
  public Integer call() {
    // not picocli-required: 'ssft eval report J' and 'ssft eval compare A B' must parse without them
    if (model == null && DemoModel.isAvailable() && benchmark != null && out != null) {
      model = DemoModel.folder();
    }
    if (model == null || benchmark == null || out == null) {
      throw new InvalidArgumentException("ssft eval needs --model, --benchmark and --out (or a subcommand: report, "
          + "compare); see ssft eval --help");
    }
    GenerationOptions gen = sampling.options(Evaluation.REFERENCE_SAMPLING);
    Benchmark bench = Benchmark.load(benchmark, Benchmark.LoadOptions.builder().format(format)
        .questionField(questionField).answerField(answerField).idField(idField).answerFormat(answerFormat)
        .choiceSeed(gen.seed()).build());
    if (limit > 0) {
      bench = bench.first(limit);
    }
    if (template != null) {
      bench = bench.withTemplate(template(template));
    }
    RuntimeOptions rt = runtime.options();
    if (rt.intraOpThreads() == 0) {
      // several problems in flight share the cores: one intra-op thread each unless told otherwise
      int cores = Runtime.getRuntime().availableProcessors();
      rt = rt.withThreads(Math.max(1, cores / Math.max(1, concurrency)), 1);
    }
    Path journalFile = journal != null ? journal : out.resolve("journal.jsonl");
    Progress progress = new Progress(System.err, !noProgress, System.console() != null);
    EvaluationResult result;
    try (ParallelReasoner reasoner = ParallelReasoner.builder(model).runtime(rt).build()) {
      result = Evaluation.builder(bench).reasoner(reasoner).modelName(describe(model)).protocol(protocol(protocol))
          .generation(gen).systemPrompt(systemPrompt).journal(journalFile).concurrency(concurrency)
          .samplesPerCall(samplesPerCall).listener(progress::onEvent).build().run();
    }
    Path page = result.writeReport(out);
    print(result, System.out);
    System.out.println("journal: " + journalFile);
    System.out.println("results: " + page);
    return 0;
  }

  private static String describe(Path model) {
    Path abs = model.toAbsolutePath().normalize();
    Path name = abs.getFileName();
    Path parent = abs.getParent() == null ? null : abs.getParent().getFileName();
    return parent == null ? String.valueOf(name) : parent + "/" + name;
  }

  static PromptTemplate template(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "math":
        return PromptTemplate.MATH;
      case "gpqa":
        return PromptTemplate.GPQA;
      case "plain":
        return PromptTemplate.PLAIN;
      default:
        try {
          return PromptTemplate.of(Files.readString(Path.of(value)));
        } catch (IOException e) {
          throw new InvalidArgumentException("--template " + value + " is neither math, gpqa, plain nor a "
              + "readable file: " + e.getMessage(), e);
        }
    }
  }

  static EvaluationProtocol protocol(List<String> specs) {
    List<Metric> metrics = new ArrayList<>();
    for (String spec : specs) {
      String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":");
      try {
        switch (p[0]) {
          case "paper" -> metrics.addAll(EvaluationProtocol.paper().metrics());
          case "pass1" -> metrics.add(new Metric.PassAt1(p.length > 2 ? Integer.parseInt(p[2]) : 1,
              Integer.parseInt(p[1])));
          case "passk" -> metrics.add(new Metric.PassAtK(p.length > 3 ? Integer.parseInt(p[3]) : 1,
              Integer.parseInt(p[1]), Integer.parseInt(p[2])));
          case "maj" -> metrics.add(new Metric.MajAtK(p.length > 2 ? Integer.parseInt(p[2]) : 1,
              Integer.parseInt(p[1])));
          case "native" -> metrics.add(new Metric.NativeConsAtK(Integer.parseInt(p[1]), Integer.parseInt(p[2])));
          case "cons" -> metrics.add(new Metric.ConsAtK(Integer.parseInt(p[1])));
          default -> throw new InvalidArgumentException("unknown metric '" + spec + "' in --protocol");
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new InvalidArgumentException("cannot read metric '" + spec + "' in --protocol (see --help)", e);
      }
    }
    return new EvaluationProtocol(metrics);
  }

  static void print(EvaluationResult r, PrintStream out) {
    out.printf(Locale.ROOT, "%s: %d problems scored (%d incomplete), %d samples%n", r.benchmark(), r.problems(),
        r.incompleteProblems(), r.samples());
    r.metrics().forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %s%n", k, v.format()));
    r.perTag().forEach((t, v) -> out.printf(Locale.ROOT, "  %-16s %s%n", t == 0 ? "untagged" : "<think" + t + ">",
        v.format()));
    if (r.voteMargin() != null) {
      out.printf(Locale.ROOT, "  %-16s %s%n", "vote margin", r.voteMargin().format());
    }
  }

  /**
   * Draws {@code [#####-----] done/total samples, rate, ETA} from the evaluation's events: one line redrawn in place
   * on a terminal, about twenty lines when the output is a file or a pipe (a log is not flooded).
   */
  static final class Progress {
    private final PrintStream out;
    private final boolean draw;
    private final boolean terminal;
    private long resumed;
    private long lastDraw;
    private long nextLogged;

    Progress(PrintStream out, boolean draw, boolean terminal) {
      this.out = out;
      this.draw = draw;
      this.terminal = terminal;
    }

    void onEvent(EvaluationEvent event) {
      if (event instanceof EvaluationEvent.Started s) {
        resumed = s.resumedSamples();
        out.printf(Locale.ROOT, "%s: %d problems, %d samples (%d already in the journal)%n", s.benchmark(),
            s.problems(), s.totalSamples(), s.resumedSamples());
      } else if (event instanceof EvaluationEvent.SamplesCompleted c) {
        long now = System.nanoTime();
        boolean last = c.doneSamples() == c.totalSamples();
        if (draw && terminal && (now - lastDraw > 250_000_000L || last)) {
          lastDraw = now;
          out.print("\r" + line(c));
          out.flush();
        } else if (draw && !terminal && (c.doneSamples() >= nextLogged || last)) {
          nextLogged = c.doneSamples() + Math.max(1, c.totalSamples() / 20);
          out.println(line(c));
        }
      } else if (event instanceof EvaluationEvent.Finished f) {
        if (draw && terminal) {
          out.println();
        }
        out.printf(Locale.ROOT, "finished in %.1f s%n", f.elapsedNanos() / 1e9);
      }
    }

    private String line(EvaluationEvent.SamplesCompleted c) {
      return line(c.doneSamples(), c.totalSamples(), c.doneSamples() - resumed, c.elapsedNanos());
    }

    static String line(long done, long total, long generated, long elapsedNanos) {
      int width = 30;
      int filled = total == 0 ? width : (int) (width * done / total);
      double rate = elapsedNanos <= 0 ? 0 : generated / (elapsedNanos / 1e9);
      String eta = rate <= 0 ? "--:--:--" : clock((long) ((total - done) / rate));
      return String.format(Locale.ROOT, "[%s%s] %d/%d samples  %.1f samples/s  ETA %s", "#".repeat(filled),
          "-".repeat(width - filled), done, total, rate, eta);
    }

    private static String clock(long seconds) {
      return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
  }

  /** {@code ssft eval report JOURNAL}. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Recomputes the results from a journal alone (finished or not) and writes the report.")
  static final class Report implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOURNAL", description = "An evaluation journal.")
    Path journal;

    @Option(names = "--out", description = "Report folder. Default: the journal's folder.")
    Path out;

    @Override
    public Integer call() {
      EvaluationResult r = EvaluationResult.fromJournal(journal);
      Path dir = out != null ? out : journal.toAbsolutePath().getParent();
      Path page = r.writeReport(dir);
      print(r, System.out);
      System.out.println("results: " + page);
      return 0;
    }
  }

  /** {@code ssft eval compare A B}. */
  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "Compares two runs (journals) over the problems both scored: A - B per metric with paired "
          + "bootstrap intervals. A side given as JOURNAL,JOURNAL,... pools those runs (e.g. one per training seed: "
          + "per-problem means over them).")
  static final class Compare implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", split = ",", description = "The first run's journal(s).")
    List<Path> a;

    @Parameters(index = "1", paramLabel = "B", split = ",", description = "The second run's journal(s).")
    List<Path> b;

    @Option(names = "--out", description = "Also write the comparison as Markdown to this file.")
    Path out;

    @Override
    public Integer call() {
      EvaluationResult ra = pooled(a);
      EvaluationResult rb = pooled(b);
      EvaluationResult.Comparison c = ra.compare(rb);
      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "A: %s (%s)%nB: %s (%s)%nshared problems: %d; A, B and A - B over them, "
          + "95%% (paired) bootstrap intervals%n%n| metric | A | B | A - B |%n|---|---|---|---|%n", a,
          ra.settings().get("model"), b, rb.settings().get("model"), c.problems()));
      for (Map.Entry<String, Estimate> e : c.differences().entrySet()) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", e.getKey(),
            c.aMetrics().get(e.getKey()).format(), c.bMetrics().get(e.getKey()).format(), e.getValue().format()));
      }
      System.out.print(md);
      if (out != null) {
        try {
          Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
          Files.writeString(tmp, md);
          Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return 0;
    }
  }

  /** {@code ssft eval summary LABEL=JOURNAL...}. */
  @Command(name = "summary", mixinStandardHelpOptions = true,
      description = "Puts several runs side by side: summary.md (every metric with its interval), summary.json and "
          + "summary.png (grouped bars). Runs given the same label are pooled into one row (per-problem means over "
          + "them, e.g. one run per training seed).")
  static final class Summary implements Callable<Integer> {
    @Parameters(paramLabel = "LABEL=JOURNAL", arity = "1..*", description = "Runs, each a label and a journal.")
    List<String> runs;

    @Option(names = "--out", required = true, description = "Folder for summary.md/json/png.")
    Path out;

    @Override
    public Integer call() {
      Map<String, List<Path>> journals = new java.util.LinkedHashMap<>();
      for (String run : runs) {
        int eq = run.indexOf('=');
        if (eq <= 0) {
          throw new InvalidArgumentException("'" + run + "' is not LABEL=JOURNAL");
        }
        journals.computeIfAbsent(run.substring(0, eq), k -> new java.util.ArrayList<>())
            .add(Path.of(run.substring(eq + 1)));
      }
      Map<String, EvaluationResult> results = new java.util.LinkedHashMap<>();
      journals.forEach((label, files) -> results.put(files.size() == 1 ? label : label + " (" + files.size()
          + " runs pooled)", pooled(files)));
      Path page = EvaluationResult.writeSummary(results, out);
      System.out.println("summary: " + page);
      return 0;
    }
  }

  /** The runs of these journals, pooled when more than one. */
  static EvaluationResult pooled(List<Path> journals) {
    return EvaluationResult.pool(journals.stream().map(EvaluationResult::fromJournal).toList());
  }
}
