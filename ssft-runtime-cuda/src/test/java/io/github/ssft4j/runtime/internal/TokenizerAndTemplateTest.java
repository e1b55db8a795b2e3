package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ssft4j.ChatMessage;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tokenizer ids, decoding and the chat template against what transformers produced. */
class TokenizerAndTemplateTest {

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void tokenizeCasesMatchTransformers(String name) {
    Path fixture = Fixtures.model(name);
    Refs refs = new Refs(fixture);
    try (ModelTokenizer tokenizer = ModelTokenizer.load(fixture.resolve("hf"))) {
      int cases = 0;
      for (JsonNode c : refs.json.get("tokenize")) {
        assertArrayEquals(Refs.ids(c.get("ids")), tokenizer.encode(c.get("text").asText()),
            "tokenize " + c.get("text"));
        cases++;
      }
      for (JsonNode p : refs.json.get("prompts")) {
        assertArrayEquals(Refs.ids(p.get("prompt_ids")), tokenizer.encode(p.get("text").asText()), p.toString());
        assertEquals(p.get("greedy_text").asText(), tokenizer.decode(Refs.ids(p.get("greedy_new_ids")), false));
      }
      assertTrue(cases >= 10);
      assertEquals(2L, tokenizer.tokenId("<|im_end|>").getAsLong());
      assertEquals(5L, tokenizer.tokenId("<think3>").getAsLong());
      assertTrue(tokenizer.tokenId("<think99>").isEmpty());
      assertTrue(tokenizer.isSpecial(2));
      assertEquals("So", tokenizer.decode(tokenizer.encode("So<|im_end|>"), true));
      String longText = "What is 37+48? ".repeat(200);
      long[] longIds = tokenizer.encode(longText);
      assertTrue(longIds.length > 1000, "no truncation: " + longIds.length + " tokens");
      assertEquals(longText, tokenizer.decode(longIds, false));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qwen2-tiny", "qwen2-small"})
  void chatTemplateRendersLikeTransformers(String name) {
    Path fixture = Fixtures.model(name);
    Refs refs = new Refs(fixture);
    ChatTemplate template = ChatTemplate.load(fixture.resolve("hf"));
    String rendered = template.render(List.of(
        ChatMessage.system(refs.json.get("system_prompt").asText()), ChatMessage.user("What is 37+48?")), true);
    assertEquals(refs.json.get("chat_template_render").asText(), rendered);
    assertEquals(refs.json.get("ssft_cost_case").get("prompt").asText(), rendered);
  }

  @Test
  void inlineTemplateInTokenizerConfigAndNoTemplateAtAll(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tokenizer_config.json"),
        "{\"eos_token\": \"</s>\", \"chat_template\": \"{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}"
            + "{{ eos_token }}\\n{% endfor %}{% if add_generation_prompt %}[assistant] {% endif %}\"}");
    ChatTemplate template = ChatTemplate.load(dir);
    assertEquals("[user] hi</s>\n[assistant] ", template.render(List.of(ChatMessage.user("hi")), true));
    ChatTemplate marked = ChatTemplate.of("{% for m in messages %}{% generation %}[{{ m.content }}]"
        + "{% endgeneration %}{% endfor %}");
    assertEquals("[a][b]", marked.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
    Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ChatTemplate.load(dir));
    assertTrue(e.getMessage().contains("chat_template"), e.getMessage());
  }

  /** Expected strings were rendered by Python Jinja2 3.1.6 with transformers' settings (trim/lstrip blocks). */
  @Test
  void whitespaceControlMatchesJinja2() {
    ChatTemplate template = ChatTemplate.of("{%- if messages[0]['role'] == 'system' %}\n    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n{%- else %}\n    {{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}\n{%- endif %}\n{% for message in messages %}\n  {% if message.role != 'system' %}\n<|im_start|>{{ message.role }} {# role #}\n{{ message.content | trim }}<|im_end|>\n  {% endif %}\n{% endfor %}\n{% if add_generation_prompt %}<|im_start|>assistant x {% endif %}\n\n");
    assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user hi<|im_end|>\n<|im_start|>assistant x ",
        template.render(List.of(ChatMessage.system("S"), ChatMessage.user(" hi  ")), true));
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user q<|im_end|>\n"
        + "<|im_start|>assistant x ", template.render(List.of(ChatMessage.user("q")), true));
  }

  /**
   * A Qwen2.5-style template (tools branch, default system message, tool turns, loop variables); the expected
   * strings were rendered by Python Jinja2 3.1.6 with transformers' settings.
   */
  @Test
  void qwen25StyleTemplateMatchesJinja2() throws Exception {
    Path dir = Path.of(getClass().getResource("/templates/qwen25-like.jinja").toURI()).getParent();
    ChatTemplate template = ChatTemplate.of(Files.readString(dir.resolve("qwen25-like.jinja")));
    String defaultSystem = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
        + "<|im_end|>\n";
    assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nA"
        + "<|im_end|>\n<|im_start|>user\nagain<|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(ChatMessage.system("S"), ChatMessage.user("hi"), new ChatMessage("assistant", "A"),
            ChatMessage.user("again")), true));
    assertEquals(defaultSystem + "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(ChatMessage.user("q")), true));
    assertEquals(defaultSystem + "<|im_start|>user\nq<|im_end|>\n<|im_start|>user\n<tool_response>\nr1\n"
        + "</tool_response>\n<tool_response>\nr2\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(ChatMessage.user("q"), new ChatMessage("tool", "r1"), new ChatMessage("tool", "r2")),
            true));
  }

  @Test
  void concurrentRendersShareTheParsedTemplate() throws Exception {
    Path fixture = Fixtures.model("qwen2-tiny");
    ChatTemplate template = ChatTemplate.load(fixture.resolve("hf"));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            String q = "q" + thread + "-" + i;
            String expected = "<|im_start|>user\n" + q + "<|im_end|>\n<|im_start|>assistant\n";
            if (!expected.equals(template.render(List.of(ChatMessage.user(q)), true))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A Qwen3-style template (namespace, {@code messages[::-1]}, {@code startswith}/{@code endswith}; one keyword
   * argument with a filter is hoisted into a variable, see the template); the expected
   * string was rendered by Python Jinja2 3.1.6 with transformers' settings.
   */
  @Test
  void qwen3StyleTemplateMatchesJinja2() throws Exception {
    Path file = Path.of(getClass().getResource("/templates/qwen3-like.jinja").toURI());
    ChatTemplate template = ChatTemplate.of(Files.readString(file));
    assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nq1<|im_end|>\n<|im_start|>assistant\na1 "
        + "(after last query)<|im_end|>\n<|im_start|>user\n<tool_response>r</tool_response><|im_end|>\n"
        + "<|im_start|>assistant\na2 (after last query)<|im_end|>\n<|im_start|>assistant\n",
        template.render(List.of(ChatMessage.system("S"), ChatMessage.user("q1"), new ChatMessage("assistant", "a1"),
            ChatMessage.user("<tool_response>r</tool_response>"), new ChatMessage("assistant", "a2")), true));
  }

  @Test
  void missingTokenizerFileIsNamed(@TempDir Path dir) {
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelTokenizer.load(dir));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }
}
