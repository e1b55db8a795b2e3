package io.github.ssft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.GenerationResult;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Trace;
import io.github.ssft4j.Prompt;
import java.nio.file.Path;
import java.util.List;
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
      description = "Forking tag index opened after the question (0: none). Default: ${DEFAULT-VALUE}.")
  int tag;

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
    int branchTag = question != null ? tag : 0;
    try (ParallelReasoner reasoner = ParallelReasoner.builder(model).runtime(runtime.options()).build()) {
      GenerationResult result = reasoner.generate(ConsensusRequest.builder(prompt).tags(List.of(branchTag))
          .options(sampling.options()).build());
      Trace t = result.traces().get(0);
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("tag", t.tagIndex());
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
        System.out.println("new_ids: " + t.tokenIds());
        System.out.println("finish: " + t.finishReason() + " (" + t.tokenIds().size() + " tokens)");
        System.out.println(t.text());
      }
    }
    return 0;
  }
}
