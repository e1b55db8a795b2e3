package io.github.ssft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.Trace;
import io.github.ssft4j.runtime.internal.Generation;
import io.github.ssft4j.runtime.internal.OnnxModel;
import io.github.ssft4j.runtime.internal.OnnxRuntimeBackend;
import io.github.ssft4j.runtime.internal.RunControls;
import io.github.ssft4j.spi.ForkRequest;
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

  @Option(names = "--greedy", description = "Arg-max decoding (temperature 0).")
  boolean greedy;

  @Option(names = "--temperature", defaultValue = "0.7", description = "Sampling temperature. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--seed", defaultValue = "0", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(names = "--ignore-eos", description = "Keep generating after the end-of-sequence token.")
  boolean ignoreEos;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin RuntimeMixin runtime;

  @Override
  public Integer call() throws Exception {
    GenerationOptions options = GenerationOptions.DEFAULT.withTemperature(greedy ? 0 : temperature)
        .withSeed(seed).withMaxNewTokens(maxNewTokens);
    String question = UserText.read("--question", input.question, input.questionFile, System.in);
    Prompt prompt = question != null
        ? Prompt.question(systemPrompt, question)
        : new Prompt.Text(UserText.read("--prompt-text", input.promptText, input.promptFile, System.in));
    int branchTag = question != null ? tag : 0;
    try (OnnxModel m = new OnnxRuntimeBackend().open(model, runtime.options())) {
      Generation g = m.run(new ForkRequest(prompt, List.of(branchTag), options),
          RunControls.DEFAULT.withIgnoreEos(ignoreEos));
      Trace t = g.traces().get(0);
      long[] ids = t.tokenIds().stream().mapToLong(Integer::longValue).toArray();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("tag", t.tagIndex());
        out.putPOJO("prompt_ids", m.promptIds(prompt));
        out.putPOJO("new_ids", t.tokenIds());
        out.put("text", t.text());
        out.put("text_with_special", m.tokenizer().decode(ids, false));
        out.put("finish_reason", t.finishReason().name());
        out.put("mean_logprob", t.logProbs().mean());
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
