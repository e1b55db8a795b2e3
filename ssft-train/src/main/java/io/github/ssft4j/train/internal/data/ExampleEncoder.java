package io.github.ssft4j.train.internal.data;

import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.runtime.internal.ChatTemplate;
import io.github.ssft4j.runtime.internal.ModelTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns records into token ids the way inference will see them: the model's chat template renders system + user
 * with the generation prompt, the tag prefix {@code <|im_start|><thinkI>\n} follows, then the trace and the
 * terminator {@code <|im_end|>}. Prompt + tag and trace + terminator are tokenized as two pieces (special tokens
 * split the text anyway, so this equals tokenizing the whole string).
 */
public final class ExampleEncoder implements AutoCloseable {
  /** The text that ends a trace. */
  public static final String TERMINATOR = "<|im_end|>";

  private final ModelTokenizer tokenizer;
  private final Function<List<ChatMessage>, String> template;
  private final ForkingTokens tags;
  private final int[][] tagPrefixes;

  /**
   * @param tokenizer the model's tokenizer; closed by {@link #close()}
   * @param template renders messages with the generation prompt
   * @param tags the forking tags
   */
  public ExampleEncoder(ModelTokenizer tokenizer, Function<List<ChatMessage>, String> template,
      ForkingTokens tags) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.tags = tags;
    this.tagPrefixes = new int[tags.count()][];
    for (int i = 0; i < tags.count(); i++) {
      tagPrefixes[i] = encode(tags.prefix(i + 1));
    }
  }

  /**
   * Loads the tokenizer and chat template of a checkpoint folder, the same ones inference uses.
   *
   * @param checkpointDir a Hugging Face checkpoint folder
   * @param tags the forking tags
   * @return an encoder; close it to free the tokenizer
   */
  public static ExampleEncoder load(Path checkpointDir, ForkingTokens tags) {
    ChatTemplate template = ChatTemplate.load(checkpointDir);
    return new ExampleEncoder(ModelTokenizer.load(checkpointDir), m -> template.render(m, true), tags);
  }

  /** @return the forking tags */
  public ForkingTokens tags() {
    return tags;
  }

  /**
   * @param text any text
   * @return its ids, no special tokens added
   */
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text);
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /**
   * @param record a record
   * @return the rendered prompt (with generation prompt), without tag
   */
  public String renderPrompt(TrainingRecord record) {
    List<ChatMessage> messages = new ArrayList<>(2);
    if (record.system() != null) {
      messages.add(ChatMessage.system(record.system()));
    }
    messages.add(ChatMessage.user(record.question()));
    return template.apply(messages);
  }

  /**
   * @param record a record with at most {@code N} traces
   * @return its token ids
   */
  public EncodedRecord encode(TrainingRecord record) {
    if (record.traces().size() > tags.count()) {
      throw new TrainingException("record '" + record.question() + "' has " + record.traces().size()
          + " traces, more than the " + tags.count() + " tags");
    }
    int[] prompt = encode(renderPrompt(record));
    int[][] traces = new int[record.traces().size()][];
    for (int j = 0; j < traces.length; j++) {
      traces[j] = encode(record.traces().get(j) + TERMINATOR);
    }
    return new EncodedRecord(prompt, tagPrefixes, traces, record);
  }

  /**
   * @param records records
   * @return each encoded
   */
  public List<EncodedRecord> encodeAll(List<TrainingRecord> records) {
    List<EncodedRecord> out = new ArrayList<>(records.size());
    for (TrainingRecord r : records) {
      out.add(encode(r));
    }
    return out;
  }

  /** Frees the native tokenizer. */
  @Override
  public void close() {
    tokenizer.close();
  }
}
