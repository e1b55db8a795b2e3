package io.github.ssft4j.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.TokenEvent;
import io.github.ssft4j.Trace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A LangChain4j {@link StreamingChatModel} on a {@link io.github.ssft4j.ParallelReasoner}'s streaming calls. The
 * branches run in parallel and the reply is known only once they are all in and voted on, so the handler sees:
 *
 * <ol>
 *   <li>every token of every branch as it is sampled, as an {@link TokenEvent} (branch, tag, token, text delta)
 *       through {@link StreamingChatResponseHandler#onUnmappedRawEvent(Object)};
 *   <li>each branch's reasoning when that branch finishes, as {@link PartialThinking} ({@code "<thinkI>\n"} and
 *       the branch's text);
 *   <li>the reply, the winning branch's text, as one {@link PartialResponse}, then
 *       {@link StreamingChatResponseHandler#onCompleteResponse(ChatResponse)} with the same response
 *       {@link SsftChatModel} returns;
 *   <li>or {@link StreamingChatResponseHandler#onError(Throwable)} instead of the last two when the call fails.
 * </ol>
 *
 * <p>The {@link StreamingHandle} of the thinking and response contexts cancels the call within one decode step;
 * after that the handler hears nothing more. Callbacks run on the reasoner's threads. Built by {@link
 * SsftChatModel.Builder#buildStreaming()}:
 *
 * <pre>{@code
 * StreamingChatModel model = SsftChatModel.builder(reasoner).k(6).buildStreaming();
 * }</pre>
 */
public final class SsftStreamingChatModel implements StreamingChatModel {
  private final Conversion conversion;

  SsftStreamingChatModel(Conversion conversion) {
    this.conversion = conversion;
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    Call call = new Call();
    StreamListener listener = new StreamListener() {
      @Override
      public void onToken(TokenEvent event) {
        if (!call.isCancelled()) {
          handler.onUnmappedRawEvent(event);
        }
      }

      @Override
      public void onBranchFinished(int branch, Trace trace) {
        if (!call.isCancelled()) {
          handler.onPartialThinking(new PartialThinking(trace.tag() + "\n" + trace.text()),
              new PartialThinkingContext(call));
        }
      }
    };
    CompletableFuture<ConsensusResult> future;
    try {
      future = conversion.reasoner.consensusAsync(conversion.request(request).listener(listener).build());
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    call.future = future;
    if (call.cancelled) {
      future.cancel(true); // cancelled before the call had started
    }
    future.whenComplete((result, error) -> {
      if (call.isCancelled()) {
        return;
      }
      if (error != null) {
        handler.onError(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        return;
      }
      ChatResponse response;
      try {
        response = conversion.response(result);
      } catch (RuntimeException e) {
        handler.onError(e);
        return;
      }
      handler.onPartialResponse(new PartialResponse(response.aiMessage().text()), new PartialResponseContext(call));
      handler.onCompleteResponse(response);
    });
  }

  /** The handle LangChain4j's contexts carry: cancels the consensus call. */
  private static final class Call implements StreamingHandle {
    private volatile CompletableFuture<ConsensusResult> future;
    private volatile boolean cancelled;

    @Override
    public void cancel() {
      cancelled = true;
      CompletableFuture<ConsensusResult> f = future;
      if (f != null) {
        f.cancel(true);
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled || (future != null && future.isCancelled());
    }
  }
}
