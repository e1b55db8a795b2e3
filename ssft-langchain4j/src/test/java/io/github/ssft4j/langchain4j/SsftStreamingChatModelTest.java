package io.github.ssft4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.ssft4j.Branch;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.TokenEvent;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming model on the real tiny fixture: token events, each branch's thinking, then the reply. */
class SsftStreamingChatModelTest {
  @TempDir static Path tmp;
  static ParallelReasoner reasoner;

  @BeforeAll
  static void load() {
    reasoner = ParallelReasoner.builder(Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model")))
        .generation(SsftChatModelTest.OPTIONS).build();
  }

  @AfterAll
  static void close() {
    reasoner.close();
  }

  /** Records what the handler hears. */
  static final class Recorder implements StreamingChatResponseHandler {
    final Map<Integer, StringBuilder> tokens = new ConcurrentHashMap<>();
    final List<String> thinking = new CopyOnWriteArrayList<>();
    final List<String> partials = new CopyOnWriteArrayList<>();
    final AtomicReference<ChatResponse> complete = new AtomicReference<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void onUnmappedRawEvent(Object event) {
      TokenEvent e = (TokenEvent) event;
      tokens.computeIfAbsent(e.branch(), b -> new StringBuilder()).append(e.textDelta());
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
      thinking.add(partial.text());
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
      partials.add(partial.text());
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      complete.set(response);
      done.countDown();
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      done.countDown();
    }
  }

  @Test
  void tokensThenEachBranchsThinkingThenTheSameReplyAsTheChatModel() throws Exception {
    StreamingChatModel model = SsftChatModel.builder(reasoner).k(3).buildStreaming();
    Recorder recorder = new Recorder();
    model.chat(ChatRequest.builder().messages(UserMessage.from("What is 83 - 47?")).build(), recorder);
    assertTrue(recorder.done.await(120, TimeUnit.SECONDS));
    assertNull(recorder.error.get());

    ChatResponse response = recorder.complete.get();
    SsftChatResponseMetadata meta = (SsftChatResponseMetadata) response.metadata();
    List<Branch> branches = meta.consensus().branches();
    assertEquals(3, branches.size());
    assertEquals(3, recorder.thinking.size());
    for (Branch b : branches) {
      assertEquals(b.trace().text(), recorder.tokens.get(b.index()).toString(), "token deltas add up to branch "
          + b.index());
      assertTrue(recorder.thinking.contains(b.trace().tag() + "\n" + b.trace().text()));
    }
    assertEquals(List.of(response.aiMessage().text()), recorder.partials);

    ChatResponse blocking = SsftChatModel.builder(reasoner).k(3).build().chat(UserMessage.from("What is 83 - 47?"));
    assertEquals(blocking.aiMessage().text(), response.aiMessage().text(), "same seed, same reply, streaming or not");
  }
}
