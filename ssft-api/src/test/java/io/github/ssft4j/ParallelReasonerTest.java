package io.github.ssft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.ssft4j.spi.AnswerEquivalence;
import io.github.ssft4j.spi.AnswerExtractor;
import io.github.ssft4j.spi.ForkRequest;
import io.github.ssft4j.spi.ForkResult;
import io.github.ssft4j.spi.InferenceBackend;
import io.github.ssft4j.spi.InferenceModel;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.spi.VotingStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The orchestration of {@link ParallelReasoner} in isolation: the backend is mocked (the end-to-end test with a
 * real model lives in ssft-runtime-cuda).
 */
class ParallelReasonerTest {
  private final Path dir = Path.of("model-dir");
  private final InferenceBackend backend = mock(InferenceBackend.class);
  private final InferenceModel model = mock(InferenceModel.class);
  private final AnswerExtractor lastWord = new AnswerExtractor() {
    @Override
    public String name() {
      return "last-word";
    }

    @Override
    public ExtractedAnswer extract(String text) {
      String[] words = text.trim().split("\\s+");
      String w = words[words.length - 1];
      return w.isEmpty() ? ExtractedAnswer.NONE : new ExtractedAnswer(w, w, ExtractedAnswer.Kind.TEXT);
    }
  };
  private final VotingStrategy firstAnswer = new VotingStrategy() {
    @Override
    public String name() {
      return "first";
    }

    @Override
    public VoteResult vote(List<Branch> branches) {
      ExtractedAnswer a = branches.get(0).answer();
      return new VoteResult(a, List.of(new AnswerVote(a, 1, 1, List.of(0))));
    }
  };

  @BeforeEach
  void wire() {
    when(backend.open(eq(dir), any())).thenReturn(model);
    when(model.forkingTokens()).thenReturn(ForkingTokens.DEFAULT);
    when(model.fork(any())).thenAnswer(call -> {
      ForkRequest r = call.getArgument(0);
      List<Trace> traces = new ArrayList<>();
      for (int tag : r.tags()) {
        traces.add(new Trace(tag, "<think" + tag + ">", "answer " + (40 + tag), List.of(5, 2), FinishReason.EOS,
            LogProbSummary.EMPTY));
      }
      return new ForkResult(traces, new Usage(7, 2 * traces.size(), 10, 20, 25));
    });
  }

  private ParallelReasoner reasoner() {
    return ParallelReasoner.builder(dir).backend(backend).answerExtractor(lastWord).votingStrategy(firstAnswer)
        .generation(GenerationOptions.DEFAULT.withSeed(9)).build();
  }

  @Test
  void consensusForksOneBranchPerScheduledTagExtractsAndVotes() {
    try (ParallelReasoner r = reasoner()) {
      ConsensusResult result = r.consensus("What is 2+2?", 8);
      ArgumentCaptor<ForkRequest> request = ArgumentCaptor.forClass(ForkRequest.class);
      verify(model).fork(request.capture());
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 1, 2), request.getValue().tags());
      assertEquals(9L, request.getValue().options().seed());
      Prompt.Chat chat = (Prompt.Chat) request.getValue().prompt();
      assertEquals(List.of(ChatMessage.system(ParallelReasoner.DEFAULT_SYSTEM_PROMPT),
          ChatMessage.user("What is 2+2?")), chat.messages());
      assertEquals(8, result.branches().size());
      assertEquals("46", result.branches().get(5).answer().raw());
      assertEquals("41", result.answerText());
      assertEquals(8, result.traces().size());
    }
    verify(model).close();
  }

  @Test
  void anAnswerEquivalenceReachesTheVotingStrategy() {
    AnswerEquivalence sameLength = new AnswerEquivalence() {
      @Override
      public String name() {
        return "length";
      }

      @Override
      public boolean equivalent(ExtractedAnswer gold, ExtractedAnswer candidate) {
        return gold.raw().length() == candidate.raw().length();
      }
    };
    VotingStrategy comparing = new VotingStrategy() {
      @Override
      public String name() {
        return "comparing";
      }

      @Override
      public VoteResult vote(List<Branch> branches) {
        return firstAnswer.vote(branches);
      }

      @Override
      public VotingStrategy withEquivalence(AnswerEquivalence equivalence) {
        assertSame(sameLength, equivalence);
        return firstAnswer;
      }
    };
    try (ParallelReasoner r = ParallelReasoner.builder(dir).backend(backend).answerExtractor(lastWord)
        .votingStrategy(comparing).answerEquivalence(sameLength).build()) {
      assertSame(firstAnswer, r.votingStrategy());
    }
    // A strategy that does not compare answers says so instead of ignoring the equivalence.
    assertThrows(InvalidArgumentException.class, () -> ParallelReasoner.builder(dir).backend(backend)
        .answerExtractor(lastWord).votingStrategy(firstAnswer).answerEquivalence(sameLength).build());
  }

  @Test
  void kMustBePositive() {
    try (ParallelReasoner r = reasoner()) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> r.consensus("q", 0));
      assertTrue(e.getMessage().contains("k must be > 0"), e.getMessage());
      assertThrows(InvalidArgumentException.class, () -> r.consensusAsync("q", -1));
    }
  }

  @Test
  void asyncRunsOnTheGivenExecutor() throws Exception {
    List<Runnable> ran = new ArrayList<>();
    try (ParallelReasoner r = ParallelReasoner.builder(dir).backend(backend).answerExtractor(lastWord)
        .votingStrategy(firstAnswer).executor(task -> {
          ran.add(task);
          task.run();
        }).build()) {
      assertEquals("41", r.consensusAsync("q", 3).get(10, TimeUnit.SECONDS).answerText());
      assertEquals(1, ran.size());
    }
  }

  @Test
  void aSystemPromptCanBeDropped() {
    try (ParallelReasoner r = ParallelReasoner.builder(dir).backend(backend).answerExtractor(lastWord)
        .votingStrategy(firstAnswer).systemPrompt(null).build()) {
      r.generate("hi", 2);
      ArgumentCaptor<ForkRequest> request = ArgumentCaptor.forClass(ForkRequest.class);
      verify(model).fork(request.capture());
      assertEquals(List.of(ChatMessage.user("hi")), ((Prompt.Chat) request.getValue().prompt()).messages());
      assertEquals(List.of(2), request.getValue().tags());
      assertSame(lastWord, r.answerExtractor());
    }
  }

  @Test
  void withoutABackendModuleLoadingNamesTheModuleToAdd() {
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ParallelReasoner.load(dir));
    assertTrue(e.getMessage().contains("io.github.ssft4j:ssft-runtime-cuda"), e.getMessage());
    assertTrue(e.getMessage().contains("InferenceBackend"), e.getMessage());
  }
}
