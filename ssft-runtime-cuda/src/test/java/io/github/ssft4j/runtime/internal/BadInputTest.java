package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.github.ssft4j.FinishReason;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad model folders and requests fail with typed exceptions that name the problem. */
class BadInputTest {
  private static final GenerationOptions GREEDY = GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(64);

  private static <T extends SsftException> T fails(Class<T> type, Executable call, String... mentions) {
    T e = assertThrows(type, call);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "message should mention " + m + ": " + e.getMessage());
    }
    return e;
  }

  @Test
  void missingFolderAndMissingFilesAreNamed(@TempDir Path tmp) throws Exception {
    OnnxRuntimeBackend backend = new OnnxRuntimeBackend();
    fails(ModelLoadException.class, () -> backend.open(tmp.resolve("nope"), RuntimeOptions.DEFAULT), "nope");
    for (String file : List.of("model.onnx", "config.json", "tokenizer.json")) {
      Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("without-" + file));
      Files.delete(dir.resolve(file));
      fails(ModelLoadException.class, () -> backend.open(dir, RuntimeOptions.DEFAULT), file);
    }
    Path noTemplate = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("without-template"));
    Files.delete(noTemplate.resolve("chat_template.jinja"));
    fails(ModelLoadException.class, () -> backend.open(noTemplate, RuntimeOptions.DEFAULT), "chat_template");
    Path badJson = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("bad-json"));
    Files.writeString(badJson.resolve("generation_config.json"), "{ not json");
    fails(ModelLoadException.class, () -> backend.open(badJson, RuntimeOptions.DEFAULT), "generation_config.json");
  }

  @Test
  void onnxModelsWithoutTheDecoderInputsAreRejected(@TempDir Path tmp) throws Exception {
    Path identity = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("identity"));
    writeModel(identity.resolve("model.onnx"), List.of(input("x", OnnxMl.TensorProto.DataType.FLOAT)), "x", "y");
    fails(ModelLoadException.class, () -> new OnnxRuntimeBackend().open(identity, RuntimeOptions.DEFAULT),
        "model.onnx", "input_ids");

    Path noCache = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("no-cache"));
    writeModel(noCache.resolve("model.onnx"), List.of(input("input_ids", OnnxMl.TensorProto.DataType.INT64),
        input("attention_mask", OnnxMl.TensorProto.DataType.INT64)), "input_ids", "logits");
    fails(ModelLoadException.class, () -> new OnnxRuntimeBackend().open(noCache, RuntimeOptions.DEFAULT),
        "model.onnx", "past_key_values.0.key");

    Path garbage = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("garbage"));
    Files.writeString(garbage.resolve("model.onnx"), "this is not a protobuf");
    fails(ModelLoadException.class, () -> new OnnxRuntimeBackend().open(garbage, RuntimeOptions.DEFAULT),
        "model.onnx");
  }

  @Test
  void tokenizerIdsBeyondTheModelVocabularyAreRejected(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("big-vocab"));
    String json = Files.readString(dir.resolve("tokenizer.json"));
    // One more vocabulary entry with an id past the model's 1024 logits.
    String patched = json.replaceFirst("\"vocab\"\\s*:\\s*\\{", "\"vocab\": {\"zzqq\": 5000, ");
    assertTrue(!patched.equals(json), "tokenizer.json has a model.vocab object");
    Files.writeString(dir.resolve("tokenizer.json"), patched);
    fails(ModelLoadException.class, () -> new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT),
        "tokenizer.json", "5000", "1024");
  }

  @Test
  void promptsLongerThanThePositionsFailAndGenerationStopsAtTheLimit(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("short"));
    Path config = dir.resolve("config.json");
    Files.writeString(config, Files.readString(config)
        .replaceFirst("\"max_position_embeddings\"\\s*:\\s*\\d+", "\"max_position_embeddings\": 30"));
    try (OnnxModel model = new OnnxRuntimeBackend().open(dir, RuntimeOptions.DEFAULT)) {
      ForkRequest tooLong = new ForkRequest(Prompt.question(io.github.ssft4j.ParallelReasoner.DEFAULT_SYSTEM_PROMPT, "What is 37+48?"),
          List.of(1, 2), GREEDY);
      fails(GenerationException.class, () -> model.generate(tooLong), "max_position_embeddings=30",
          "config.json");
      // 20 prompt tokens + 3 of prefix: the branch may use positions up to 29, so 7 new tokens at most.
      Prompt shortPrompt = new Prompt.Text("<|im_start|>user\nWhat is 37+48?<|im_end|>\n<|im_start|>assistant\n");
      long promptLength = model.promptIds(shortPrompt).length;
      Trace t = model.generate(new ForkRequest(shortPrompt, List.of(1), GREEDY)).get(0);
      assertEquals(FinishReason.MAX_TOKENS, t.finishReason());
      assertEquals(30 - promptLength - 3 + 1, t.tokenIds().size(),
          "the last token is sampled from the logits at position 29");
    }
  }

  @Test
  void emptyBranchListsAndUnknownTagsAreInvalidArguments(@TempDir Path tmp) {
    Prompt prompt = Prompt.question(null, "What is 1+1?");
    fails(InvalidArgumentException.class, () -> new ForkRequest(prompt, List.of(), GREEDY), "k must be > 0");
    try (OnnxModel model = new OnnxRuntimeBackend().open(Fixtures.modelFolder("qwen2-tiny", tmp),
        RuntimeOptions.DEFAULT)) {
      fails(InvalidArgumentException.class, () -> model.generate(new ForkRequest(prompt, List.of(7), GREEDY)),
          "1..6", "7");
      Prompt empty = new Prompt.Text("");
      fails(GenerationException.class, () -> model.generate(new ForkRequest(empty, List.of(1, 2), GREEDY)), "empty");
      fails(GenerationException.class, () -> model.generate(new ForkRequest(empty, List.of(0), GREEDY)), "empty");
      // A shared tag prefix alone is something to condition on.
      assertEquals(1, model.generate(new ForkRequest(empty, List.of(1), GREEDY.withMaxNewTokens(3))).size());
    }
  }

  private static OnnxMl.ValueInfoProto input(String name, OnnxMl.TensorProto.DataType type) {
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
            .setShape(OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("b"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("s"))))).build();
  }

  /** A one-node Identity graph from {@code from} to output {@code to}. */
  private static void writeModel(Path file, List<OnnxMl.ValueInfoProto> inputs, String from, String to)
      throws Exception {
    OnnxMl.ValueInfoProto source = inputs.stream().filter(i -> i.getName().equals(from)).findFirst().orElseThrow();
    OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("g").addAllInput(inputs)
        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput(from).addOutput(to))
        .addOutput(source.toBuilder().setName(to)).build();
    OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    Files.write(file, model.toByteArray());
  }
}
