package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationCancelledException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.TokenEvent;
import io.github.ssft4j.Trace;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call you can watch and stop, on the real tiny model: streamed deltas add up to each branch's trace, a cancelled
 * or timed-out call stops within one decode step and leaves the reasoner usable, and usage is reported.
 */
class StreamingAndCancellationTest {
  @TempDir static Path dir;
  static ParallelReasoner reasoner;
  static final GenerationOptions LONG = GenerationOptions.DEFAULT.withMaxNewTokens(200).withIgnoreEos(true);

  @BeforeAll
  static void load() {
    reasoner = ParallelReasoner.builder(Fixtures.modelFolder("qwen2-tiny", dir.resolve("m")))
        .answerExtractor(new ParallelReasonerTest.BoxedExtractor())
        .votingStrategy(new ParallelReasonerTest.ExactMajority()).build();
  }

  @AfterAll
  static void close() {
    reasoner.close();
  }

  /** Collects every branch's deltas and finished traces. */
  static final class Recorder implements StreamListener {
    final StringBuilder[] text;
    final Trace[] finished;
    final List<TokenEvent> events = new ArrayList<>();

    Recorder(int k) {
      text = new StringBuilder[k];
      finished = new Trace[k];
      for (int b = 0; b < k; b++) {
        text[b] = new StringBuilder();
      }
    }

    @Override
    public void onToken(TokenEvent e) {
      events.add(e);
      text[e.branch()].append(e.textDelta());
    }

    @Override
    public void onBranchFinished(int branch, Trace trace) {
      finished[branch] = trace;
    }
  }

  @Test
  void theDeltasOfEachBranchAddUpToItsTrace() {
    for (long seed = 0; seed < 3; seed++) {
      Recorder rec = new Recorder(6);
      ConsensusResult r = reasoner.consensus(ConsensusRequest.builder("What is 37+48?").k(6)
          .options(GenerationOptions.DEFAULT.withSeed(seed).withMaxNewTokens(120)).listener(rec).build());
      for (int b = 0; b < 6; b++) {
        Trace t = r.branches().get(b).trace();
        assertEquals(t.text(), rec.text[b].toString(), "branch " + b + " seed " + seed);
        assertEquals(t, rec.finished[b], "branch " + b);
        int branch = b;
        assertEquals(t.tokenIds(), rec.events.stream().filter(e -> e.branch() == branch).map(TokenEvent::tokenId)
            .toList());
        assertEquals(t.tagIndex(), rec.events.stream().filter(e -> e.branch() == branch).findFirst().orElseThrow()
            .tagIndex());
      }
      int generated = r.branches().stream().mapToInt(b -> b.trace().tokenIds().size()).sum();
      assertEquals(generated, r.usage().generatedTokens());
      assertTrue(r.usage().promptTokens() > 0 && r.usage().decodeNanos() > 0 && r.usage().engineNanos() > 0,
          r.usage().toString());
    }
  }

  @Test
  void streamingDoesNotChangeWhatIsGenerated() {
    ConsensusRequest.Builder request = ConsensusRequest.builder("What is 12+30?").options(LONG.withSeed(4));
    ConsensusResult quiet = reasoner.consensus(request.build());
    ConsensusResult watched = reasoner.consensus(request.listener(new Recorder(6)).build());
    assertEquals(quiet.traces(), watched.traces());
  }

  @Test
  void aCallCancelledAfterItsFirstTokenStopsWithinOneDecodeStep() throws Exception {
    AtomicReference<CompletableFuture<ConsensusResult>> call = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger afterCancel = new AtomicInteger(-1);
    AtomicLong cancelledAt = new AtomicLong();
    StreamListener cancelOnFirstToken = new StreamListener() {
      @Override
      public void onToken(TokenEvent e) {
        if (afterCancel.get() >= 0) {
          afterCancel.incrementAndGet();
        } else {
          try {
            started.await();
          } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
          }
          cancelledAt.set(System.nanoTime());
          call.get().cancel(true);
          afterCancel.set(0);
        }
      }
    };
    CompletableFuture<ConsensusResult> f = reasoner.consensusAsync(
        ConsensusRequest.builder("What is 37+48?").options(LONG).listener(cancelOnFirstToken).build());
    call.set(f);
    started.countDown();
    assertThrows(CancellationException.class, () -> f.get(30, TimeUnit.SECONDS));
    // The worker still runs the step it was in: let it leave, then check what it produced after the cancel.
    awaitIdle();
    assertTrue(afterCancel.get() <= 5, "tokens after cancel " + afterCancel.get() + " (the rest of one step: 5)");
    System.out.printf("cancelled call: %d tokens after cancel; worker idle %.1f ms after cancel%n", afterCancel.get(),
        (idleAt - cancelledAt.get()) / 1e6);
    assertEquals(6, reasoner.consensus("What is 1+1?", 6).branches().size(), "the reasoner stays usable");
  }

  static long idleAt;

  /** Waits until a trivial call gets through: the cancelled call's worker thread is free again. */
  static void awaitIdle() throws Exception {
    reasoner.consensusAsync(ConsensusRequest.builder("x").k(1)
        .options(GenerationOptions.DEFAULT.withMaxNewTokens(1)).build()).get(30, TimeUnit.SECONDS);
    idleAt = System.nanoTime();
  }

  @Test
  void aTimeoutStopsTheCallWithATypedException() {
    GenerationCancelledException e = assertThrows(GenerationCancelledException.class,
        () -> reasoner.consensus(ConsensusRequest.builder("What is 37+48?").options(LONG.withMaxNewTokens(100_000))
            .timeout(Duration.ofMillis(50)).build()));
    assertTrue(e.timedOut(), e.getMessage());
    assertTrue(e.getMessage().contains("PT0.05S"), e.getMessage());
  }

  @Test
  void manyCancelledCallsLeaveTheReasonerUsable() throws Exception {
    int calls = Integer.getInteger("ssft.cancelledCalls", 100);
    cancelCalls(20); // warm-up: JIT, allocator pools
    System.gc();
    long before = RssMeter.rssKb();
    for (int done = 0; done < calls; done += 250) {
      cancelCalls(Math.min(250, calls - done));
      System.gc(); // what the heap holds is not native memory: collect it before reading RSS
      System.out.printf("  after %d cancelled calls: RSS %d KB%n", Math.min(calls, done + 250), RssMeter.rssKb());
    }
    long after = RssMeter.rssKb();
    System.out.printf("%d cancelled calls after 20 warm-up ones: RSS %d KB -> %d KB (%+.1f%%)%n", calls, before,
        after, 100.0 * (after - before) / before);
    assertEquals(6, reasoner.consensus("What is 1+1?", 6).branches().size());
  }

  private static void cancelCalls(int calls) throws Exception {
    for (int i = 0; i < calls; i++) {
      CompletableFuture<ConsensusResult> f = reasoner.consensusAsync(
          ConsensusRequest.builder("What is 37+48?").options(LONG.withSeed(i)).build());
      Thread.sleep(i % 3); // cancel before it starts, during prefill or during decode
      f.cancel(true);
    }
    awaitIdle();
  }
}
