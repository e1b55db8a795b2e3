package io.github.ssft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ForkDistribution;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.GenerationResult;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.TagSchedule;
import io.github.ssft4j.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ssft generate}: one branch for a question (chat template + tag prefix) or a raw prompt text. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generates one continuation and prints its new token ids and text.")
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model folder (HF files + model.onnx).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--question", description = "A question, rendered with the chat template; - reads standard "
        + "input.")
    String question;

    @Option(names = "--question-file", description = "A UTF-8 file holding the question.")
    Path questionFile;

    @Option(names = "--prompt-text", description = "Prompt text used as it is (special tokens parsed); - reads "
        + "standard input.")
    String promptText;

    @Option(names = "--prompt-file", description = "A UTF-8 file holding the prompt text.")
    Path promptFile;
  }

  @Option(names = "--tag", defaultValue = "0",
      description = "Forking tag opened after the question: its index (0: none), auto (drawn from the model's fork "
          + "distribution with the sampling seed) or argmax (the model's most likely tag). Default: ${DEFAULT-VALUE}.")
  String tag;

  @Option(names = "--system-prompt", description = "System message for --question. Default: the reasoning prompt.")
  String systemPrompt = ParallelReasoner.DEFAULT_SYSTEM_PROMPT;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin SamplingMixin sampling;

  @Mixin RuntimeMixin runtime;

  @Override
  public Integer call() throws Exception {
    String question = UserText.read("--question", input.question, input.questionFile, System.in);
    Prompt prompt = question != null
        ? Prompt.question(systemPrompt, question)
        : new Prompt.Text(UserText.read("--prompt-text", input.promptText, input.promptFile, System.in));
    try (ParallelReasoner reasoner = ParallelReasoner.builder(model).runtime(runtime.options()).build()) {
      GenerationOptions options = sampling.options();
      ForkDistribution distribution = null;
      int branchTag;
      String choice = tag.trim().toLowerCase(Locale.ROOT);
      if (choice.equals("auto") || choice.equals("argmax")) {
        if (question == null) {
          throw new InvalidArgumentException("--tag " + choice + " needs --question or --question-file: the fork "
              + "follows the chat prompt");
        }
        distribution = reasoner.forkDistribution(ConsensusRequest.builder(prompt).build());
        branchTag = (choice.equals("auto") ? TagSchedule.MODEL_CHOSEN : TagSchedule.MODEL_ARGMAX)
            .assign(1, distribution, options.seed()).get(0);
      } else {
        try {
          branchTag = question != null ? Integer.parseInt(choice) : 0;
        } catch (NumberFormatException e) {
          throw new InvalidArgumentException("--tag must be a tag index, auto or argmax, got '" + tag + "'", e);
        }
      }
      GenerationResult result = reasoner.generate(ConsensusRequest.builder(prompt).tags(List.of(branchTag))
          .options(options).build());
      Trace t = result.traces().get(0);
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("tag", t.tagIndex());
        if (distribution != null) {
          out.putPOJO("fork_distribution", distribution.probabilities());
        }
        out.putPOJO("prompt_ids", reasoner.tokenizer().promptIds(prompt));
        out.putPOJO("new_ids", t.tokenIds());
        out.put("text", t.text());
        out.put("text_with_special", reasoner.tokenizer().decode(t.tokenIds(), false));
        out.put("finish_reason", t.finishReason().name());
        out.put("mean_logprob", t.logProbs().mean());
        out.put("prompt_tokens", result.usage().promptTokens());
        out.put("decode_ms", result.usage().decodeNanos() / 1e6);
        System.out.println(mapper.writeValueAsString(out));
      } else {
        if (distribution != null) {
          System.out.println("fork distribution: " + distribution + " -> tag " + branchTag);
        }
        System.out.println("new_ids: " + t.tokenIds());
        System.out.println("finish: " + t.finishReason() + " (" + t.tokenIds().size() + " tokens)");
        System.out.println(t.text());
      }
    }
    return 0;
  }
}
