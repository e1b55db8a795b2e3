package io.github.ssft4j.cli;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.DemoModel;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.research.task.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssft ask}: a consensus call, each branch and the vote printed. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {"Answers a question with k branches (one per forking tag) and votes.",
        "Without --model it uses the demo model (" + DemoModel.ARTIFACT + "), trained by this project with SSFT "
            + "on two-digit subtraction: try  ssft ask \"What is 83 - 47?\""})
final class AskCommand implements Callable<Integer> {
  private static final int TRACE_WIDTH = 90;

  @Option(names = "--model", description = "Model folder (HF files + model.onnx). Default: the demo model.")
  Path model;

  @Option(names = "-k", defaultValue = "6", description = "Branches. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--no-stream", description = "Print the branches only when all have finished.")
  boolean noStream;

  @Option(names = "--tag", converter = ScheduleConverter.class, description = "How branches get their tags: sequential, random, auto (k tags drawn from "
      + "the model's fork distribution) or argmax (the model's most likely tag). Default: the model folder's "
      + "ssft.json tag_policy, else sequential.")
  TagSchedule tag;

  @Mixin SamplingMixin sampling;

  @Parameters(index = "0", arity = "0..1",
      description = "The question; - reads it from standard input (long text: use - or --question-file). "
          + "Sampling defaults are the library's; for the demo model, greedy and 64 new tokens.")
  String question;

  @Option(names = "--system-prompt", description = "System message; \"\" for none. Default: the reasoning prompt, "
      + "none for the demo model (trained without one).")
  String systemPrompt;

  @Option(names = "--question-file", description = "A UTF-8 file holding the question.")
  Path questionFile;

  @Mixin RuntimeMixin runtime;

  @Override
  public Integer call() {
    boolean demo = model == null;
    GenerationOptions options = sampling.options(demo ? DemoModel.generationOptions() : GenerationOptions.DEFAULT);
    ParallelReasoner.Builder builder = demo ? DemoModel.builder() : ParallelReasoner.builder(model);
    if (tag != null) {
      builder.tagSchedule(tag);
    }
    if (systemPrompt != null) {
      builder.systemPrompt(systemPrompt.isEmpty() ? null : systemPrompt);
    }
    long t0 = System.nanoTime();
    try (ParallelReasoner reasoner = builder.runtime(runtime.options()).generation(options).build()) {
      long t1 = System.nanoTime();
      // Live lines need a terminal: in a pipe or a file only the final summary is printed.
      LiveBranches live = noStream || System.console() == null ? null : new LiveBranches(System.out, k, 110);
      ConsensusRequest.Builder request = ConsensusRequest.builder(question()).k(k);
      if (live != null) {
        request.listener(live);
      }
      ConsensusResult result = reasoner.consensus(request.build());
      if (live != null) {
        live.clear();
      }
      long t2 = System.nanoTime();
      if (demo) {
        System.out.printf(Locale.ROOT, "demo model (%s: SSFT on two-digit subtraction), %d branches, %s%n",
            DemoModel.ARTIFACT, k, options.greedy() ? "greedy" : "temperature " + options.temperature());
      }
      result.forkDistribution().ifPresent(d -> System.out.println("fork distribution: " + d));
      printBranches(result);
      StringBuilder tally = new StringBuilder();
      for (AnswerVote v : result.votes()) {
        tally.append(tally.length() == 0 ? "" : ", ").append(v.answer().raw()).append(" x").append(v.count());
      }
      System.out.println("votes: " + (tally.length() == 0 ? "(no answers)" : tally));
      System.out.println("answer: " + (result.answerText().isEmpty() ? "(none)" : result.answerText()));
      System.out.printf(Locale.ROOT, "(model loaded in %.1f s, answered in %.2f s)%n", (t1 - t0) / 1e9,
          (t2 - t1) / 1e9);
    }
    return 0;
  }

  /** {@code sequential}, {@code random}, {@code auto} (model-chosen) or {@code argmax}. */
  static final class ScheduleConverter implements picocli.CommandLine.ITypeConverter<TagSchedule> {
    @Override
    public TagSchedule convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "sequential" -> TagSchedule.SEQUENTIAL;
        case "random" -> TagSchedule.RANDOM;
        case "auto", "model-chosen" -> TagSchedule.MODEL_CHOSEN;
        case "argmax", "model-argmax" -> TagSchedule.MODEL_ARGMAX;
        default -> throw new picocli.CommandLine.TypeConversionException("--tag must be sequential, random, auto "
            + "or argmax, got '" + value + "'");
      };
    }
  }

  private String question() {
    String text = UserText.read("the question", question, questionFile, System.in);
    if (text == null) {
      throw new InvalidArgumentException("give the question as an argument, as - (standard input) or with "
          + "--question-file");
    }
    return text;
  }

  /** One line a branch: tag, the subtraction strategy its trace follows (when it follows one), answer, trace. */
  private static void printBranches(ConsensusResult result) {
    List<Optional<Strategy>> strategies = new ArrayList<>();
    for (Branch b : result.branches()) {
      strategies.add(Strategy.identify(b.trace().text()));
    }
    boolean showStrategy = strategies.stream().anyMatch(Optional::isPresent);
    for (Branch b : result.branches()) {
      String strategy = showStrategy ? String.format(Locale.ROOT, "%-9s ",
          strategies.get(b.index()).map(AskCommand::label).orElse("-")) : "";
      String answer = b.answer().raw().isEmpty() ? "(none)" : b.answer().raw();
      System.out.printf(Locale.ROOT, "branch %d  %-9s %sanswer=%-6s | %s%n", b.index() + 1, b.trace().tag(),
          strategy, answer, oneLine(b.trace().text()));
    }
  }

  private static String label(Strategy s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String oneLine(String text) {
    String flat = text.strip().replaceAll("\\s*\\n\\s*", " ");
    return flat.length() <= TRACE_WIDTH ? flat : flat.substring(0, TRACE_WIDTH - 3) + "...";
  }
}
