package io.github.ssft4j.cli;

import io.github.ssft4j.AnswerVote;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ssft ask}: a consensus call, each branch and the vote printed. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = "Answers a question with k branches (one per forking tag) and votes.")
final class AskCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model folder (HF files + model.onnx).")
  Path model;

  @Option(names = "-k", defaultValue = "6", description = "Branches. Default: ${DEFAULT-VALUE}.")
  int k;

  @Option(names = "--no-stream", description = "Print the branches only when all have finished.")
  boolean noStream;

  @Mixin SamplingMixin sampling;

  @Parameters(index = "0", description = "The question.")
  String question;

  @Mixin RuntimeMixin runtime;

  @Override
  public Integer call() {
    try (ParallelReasoner reasoner = ParallelReasoner.builder(model).runtime(runtime.options())
        .generation(sampling.options()).build()) {
      // Live lines need a terminal: in a pipe or a file only the final summary is printed.
      LiveBranches live = noStream || System.console() == null ? null : new LiveBranches(System.out, k, 110);
      ConsensusRequest.Builder request = ConsensusRequest.builder(question).k(k);
      if (live != null) {
        request.listener(live);
      }
      ConsensusResult result = reasoner.consensus(request.build());
      if (live != null) {
        live.clear();
      }
      for (Branch b : result.branches()) {
        String text = b.trace().text().strip();
        int nl = text.indexOf('\n');
        String firstLine = nl < 0 ? text : text.substring(0, nl);
        System.out.printf("branch %d %s answer=%s | %s%n", b.index(), b.trace().tag(),
            b.answer().raw().isEmpty() ? "(none)" : b.answer().raw(), firstLine);
      }
      StringBuilder tally = new StringBuilder();
      for (AnswerVote v : result.votes()) {
        tally.append(tally.length() == 0 ? "" : ", ").append(v.answer().raw()).append('=').append(v.count());
      }
      System.out.println("votes: " + tally);
      System.out.println("answer: " + (result.answerText().isEmpty() ? "(none)" : result.answerText()));
    }
    return 0;
  }
}
