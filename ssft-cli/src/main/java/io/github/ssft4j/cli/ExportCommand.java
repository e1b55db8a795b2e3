package io.github.ssft4j.cli;

import io.github.ssft4j.ExportOptions;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssft export}: a Hugging Face checkpoint folder to a model folder (HF files + {@code model.onnx}). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports a Hugging Face checkpoint (Qwen2 family) to a model folder: config and tokenizer files "
        + "plus an ONNX decoder with KV cache (model.onnx, and model.onnx_data over 2 GB).")
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Hugging Face checkpoint folder.")
  Path model;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--last-position-logits-only",
      description = "Emit logits for the last input position only (smaller, faster prefill).")
  boolean lastOnly;

  @Option(names = "--opset", defaultValue = "17", description = "ONNX opset. Default: ${DEFAULT-VALUE}.")
  int opset;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    ParallelReasoner.finetune(model).exportOptions(new ExportOptions(lastOnly, opset)).exportOnnx(out);
    System.out.printf("exported %s to %s in %.1f s%n", model, out, (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
