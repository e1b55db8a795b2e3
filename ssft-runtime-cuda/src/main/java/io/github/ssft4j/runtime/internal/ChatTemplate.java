package io.github.ssft4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model's Hugging Face chat template, rendered with Jinjava the way transformers renders it with Jinja2
 * ({@code trim_blocks}, {@code lstrip_blocks}, one trailing newline of the template dropped,
 * {@code raise_exception} available).
 *
 * <pre>{@code
 * ChatTemplate template = ChatTemplate.load(modelDir);
 * String prompt = template.render(List.of(ChatMessage.user("What is 37+48?")), true);
 * }</pre>
 *
 * <p>The template comes from {@code chat_template.jinja} when present, else from the {@code chat_template} field of
 * {@code tokenizer_config.json}. Special tokens named in {@code tokenizer_config.json} ({@code bos_token},
 * {@code eos_token}, ...) are passed to the template as variables, as transformers does. Immutable and thread-safe
 * (renders are serialized).
 */
public final class ChatTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SPECIAL_TOKEN_FIELDS = {
    "bos_token", "eos_token", "pad_token", "unk_token", "sep_token", "cls_token", "mask_token"
  };

  private static final Pattern LSTRIP = Pattern.compile("(?m)^[ \\t]+(?=\\{%(?!\\+)|\\{#)");
  private static final Pattern STRIP_BEFORE = Pattern.compile("\\s*\\{([{%#])-");
  private static final Pattern STRIP_AFTER = Pattern.compile("-([}%#])}\\s*");
  private static final Pattern STARTSWITH = Pattern.compile("\\.startswith\\(");
  private static final Pattern ENDSWITH = Pattern.compile("\\.endswith\\(");
  private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\[::-1]");
  private static final Pattern TRIM = Pattern.compile("((?<!\\+)%}|#})\\r?\\n");

  private final String source;
  private final String origin;
  private final Map<String, Object> specialTokens;
  /** The longest prompt a template may render, in characters. */
  static final long MAX_OUTPUT_CHARS = 64L << 20;

  private final Jinjava jinjava;
  private final JinjavaConfig config;
  private final Node root;

  private ChatTemplate(String source, String origin, Map<String, Object> specialTokens) {
    this.source = jinja2Compatible(source);
    this.origin = origin;
    this.specialTokens = Map.copyOf(specialTokens);
    // Bounded: a template that loops into a huge output fails instead of filling the heap.
    JinjavaConfig config = JinjavaConfig.newBuilder().withTrimBlocks(false).withLstripBlocks(false)
        .withMaxOutputSize(MAX_OUTPUT_CHARS).withMaxMacroRecursionDepth(64).build();
    this.config = config;
    this.jinjava = new Jinjava(config);
    try {
      jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception",
          ChatTemplate.class.getDeclaredMethod("raiseException", String.class)));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    jinjava.registerTag(new GenerationTag());
    // Parsed once: parsing is most of the cost of a render.
    JinjavaInterpreter parser = jinjava.newInterpreter();
    JinjavaInterpreter.pushCurrent(parser);
    try {
      this.root = parser.parse(this.source);
    } catch (RuntimeException e) {
      throw new ModelLoadException("chat template " + origin + " does not parse: " + rootMessage(e), e);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    for (TemplateError error : parser.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new ModelLoadException("chat template " + origin + " does not parse: " + error.getMessage());
      }
    }
  }

  /**
   * @param template the Jinja template text
   * @return a template with no special-token variables
   */
  public static ChatTemplate of(String template) {
    if (template == null) {
      throw new InvalidArgumentException("template must not be null");
    }
    return new ChatTemplate(template, "<string>", Map.of());
  }

  /**
   * Reads the chat template of a Hugging Face model folder.
   *
   * @param modelDir folder with {@code chat_template.jinja} or {@code tokenizer_config.json}
   * @return the template
   * @throws ModelLoadException when neither file holds a template or a file cannot be read
   */
  public static ChatTemplate load(Path modelDir) {
    Path jinja = modelDir.resolve("chat_template.jinja");
    Path config = modelDir.resolve("tokenizer_config.json");
    JsonNode tokenizerConfig = null;
    if (Files.isRegularFile(config)) {
      try {
        tokenizerConfig = JSON.readTree(config.toFile());
      } catch (IOException e) {
        throw new ModelLoadException("cannot parse " + config + ": " + e.getMessage(), e);
      }
    }
    Map<String, Object> special = new HashMap<>();
    if (tokenizerConfig != null) {
      for (String field : SPECIAL_TOKEN_FIELDS) {
        JsonNode v = tokenizerConfig.get(field);
        if (v != null && v.isTextual()) {
          special.put(field, v.asText());
        } else if (v != null && v.isObject() && v.has("content")) {
          special.put(field, v.get("content").asText());
        }
      }
    }
    if (Files.isRegularFile(jinja)) {
      try {
        return new ChatTemplate(Files.readString(jinja, StandardCharsets.UTF_8), jinja.toString(), special);
      } catch (IOException e) {
        throw new ModelLoadException("cannot read " + jinja + ": " + e.getMessage(), e);
      }
    }
    if (tokenizerConfig != null) {
      JsonNode t = tokenizerConfig.get("chat_template");
      if (t != null && t.isTextual()) {
        return new ChatTemplate(t.asText(), config + " (chat_template)", special);
      }
      if (t != null && t.isArray()) {
        // Several named templates: transformers uses the one named "default".
        for (JsonNode named : t) {
          if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
            return new ChatTemplate(named.get("template").asText(), config + " (chat_template default)", special);
          }
        }
      }
    }
    throw new ModelLoadException("no chat template in " + modelDir + ": expected chat_template.jinja or a "
        + "chat_template field in tokenizer_config.json");
  }

  /**
   * Renders messages as transformers' {@code apply_chat_template(messages, tokenize=False)} does.
   *
   * @param messages the conversation
   * @param addGenerationPrompt whether to append the assistant turn's opening
   * @return the prompt text
   * @throws GenerationException when the template fails (including its own {@code raise_exception})
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    if (messages == null) {
      throw new InvalidArgumentException("messages must not be null");
    }
    List<Map<String, Object>> list = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("role", m.role());
      map.put("content", m.content());
      list.add(map);
    }
    Map<String, Object> context = new HashMap<>(specialTokens);
    context.put("messages", list);
    context.put("add_generation_prompt", addGenerationPrompt);
    JinjavaInterpreter interpreter;
    String output;
    // Serialized: renders share the global context's bookkeeping, which Jinjava does not guard (a render takes
    // ~0.2 ms, so contention is negligible next to generation).
    synchronized (this) {
      interpreter = new JinjavaInterpreter(jinjava, new Context(jinjava.getGlobalContext(), context), config);
      JinjavaInterpreter.pushCurrent(interpreter);
      try {
        output = interpreter.render(root, false);
      } catch (RuntimeException e) {
        throw new GenerationException("chat template " + origin + " failed: " + rootMessage(e), e);
      } finally {
        JinjavaInterpreter.popCurrent();
      }
    }
    for (TemplateError error : interpreter.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        String cause = error.getException() == null ? null : rootMessage(error.getException());
        throw new GenerationException("chat template " + origin + " failed: " + error.getMessage()
            + (cause == null || error.getMessage().contains(cause) ? "" : " (" + cause + ")"));
      }
    }
    return output;
  }

  /** @return where the template was read from */
  public String origin() {
    return origin;
  }

  /**
   * transformers' {@code {% generation %}...{% endgeneration %}} block, which marks assistant text for
   * training masks: rendered as its content.
   */
  private static final class GenerationTag implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
      return "generation";
    }

    @Override
    public String getEndTagName() {
      return "endgeneration";
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
      StringBuilder out = new StringBuilder();
      for (Node child : tagNode.getChildren()) {
        out.append(child.render(interpreter).getValue());
      }
      return out.toString();
    }
  }

  /** Called by templates as {@code raise_exception(message)}. */
  public static String raiseException(String message) {
    throw new InvalidArgumentException("chat template raised: " + message);
  }

  /**
   * Applies Jinja2's {@code lstrip_blocks}, {@code trim_blocks} and {@code keep_trailing_newline=False} to the
   * source, and the {@code -} whitespace control of every tag; rewrites the Python idioms {@code .startswith(},
   * {@code .endswith(} and {@code x[::-1]} into Jinjava's spelling. Jinjava's own lstrip also eats spaces before a block tag in the middle of a line, which Jinja2 keeps.
   */
  static String jinja2Compatible(String template) {
    // lstrip_blocks: spaces and tabs from the start of a line up to a block or comment tag ("{%+" opts out).
    String s = LSTRIP.matcher(template).replaceAll("");
    // "{{-", "-%}", ...: Jinjava ignores the minus on expression tags, so strip the whitespace here for all tags.
    s = STRIP_BEFORE.matcher(s).replaceAll("{$1");
    s = STRIP_AFTER.matcher(s).replaceAll("$1}");
    // Python idioms of recent templates that Jinjava spells differently.
    s = STARTSWITH.matcher(s).replaceAll(".startsWith(");
    s = ENDSWITH.matcher(s).replaceAll(".endsWith(");
    s = REVERSED.matcher(s).replaceAll("($1|reverse)");
    // trim_blocks: the first newline after a block or comment tag ("+%}" opts out).
    s = TRIM.matcher(s).replaceAll("$1");
    // keep_trailing_newline=False: a single trailing newline is dropped.
    if (s.endsWith("\r\n")) {
      return s.substring(0, s.length() - 2);
    }
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
