package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code close()} while calls are in flight: each call in flight completes or fails with a typed exception, the
 * native resources are freed once (after the calls have left them), and no later call touches freed memory.
 */
class CloseWhileInFlightTest {
  /** Open-load-close rounds; {@code -Dssft.close.rounds} for more. */
  private static final int ROUNDS = Integer.getInteger("ssft.close.rounds", 3);
  private static final GenerationOptions LONG = GenerationOptions.DEFAULT.withMaxNewTokens(300).withIgnoreEos(true);

  @Test
  void closingUnderLoadLetsCallsFinishOrFailTypedAndFreesOnce(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    long before = OnnxRuntimeBackend.loadedCount();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      ParallelReasoner reasoner = ParallelReasoner.load(dir);
      int threads = 4;
      CountDownLatch started = new CountDownLatch(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = round * 10 + t;
        Thread w = new Thread(() -> {
          started.countDown();
          for (int call = 0; call < 1000; call++) {
            GenerationOptions options = LONG.withSeed(seed + call);
            String outcome = outcome(() -> reasoner.consensus("What is 12+30?", 3, options));
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
            if (!outcome.equals("answered")) {
              return;
            }
          }
        });
        w.start();
        workers.add(w);
      }
      // Asynchronous calls too: queued or running when the reasoner closes.
      List<CompletableFuture<ConsensusResult>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(reasoner.consensusAsync(ConsensusRequest.builder("What is 7+8?").k(2).options(LONG).build()));
      }
      started.await();
      Thread.sleep(150 + 40 * round); // the workers are mid-decode
      reasoner.close();
      reasoner.close(); // idempotent
      for (Thread w : workers) {
        w.join(60_000);
        assertTrue(!w.isAlive(), "a call hangs after close");
      }
      for (CompletableFuture<ConsensusResult> f : futures) {
        try {
          f.get(60, TimeUnit.SECONDS);
          outcomes.computeIfAbsent("async answered", k -> new AtomicInteger()).incrementAndGet();
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof SsftException, "typed failure expected: " + e.getCause());
          outcomes.computeIfAbsent("async " + e.getCause().getClass().getSimpleName(), k -> new AtomicInteger())
              .incrementAndGet();
        }
      }
      GenerationException after = assertThrows(GenerationException.class,
          () -> reasoner.consensus("What is 1+1?", 2, LONG.withMaxNewTokens(2)));
      assertTrue(after.getMessage().contains("closed"), after.getMessage());
      assertEquals(before, OnnxRuntimeBackend.loadedCount(), "the session is freed once no call uses it");
    }
    System.out.println("[close] outcomes over " + ROUNDS + " rounds: " + outcomes);
    for (String outcome : outcomes.keySet()) {
      assertTrue(outcome.equals("answered") || outcome.startsWith("async ")
          || outcome.equals("GenerationException: closed"), "unexpected outcome " + outcome);
    }
    assertTrue(outcomes.containsKey("GenerationException: closed"), "some call saw the close: " + outcomes);
  }

  private interface Call {
    ConsensusResult run();
  }

  private static String outcome(Call call) {
    try {
      ConsensusResult r = call.run();
      return r.branches().size() == 3 ? "answered" : "wrong branch count " + r.branches().size();
    } catch (GenerationException e) {
      return e.getMessage().contains("closed") ? "GenerationException: closed" : "GenerationException: "
          + e.getMessage();
    } catch (RuntimeException | Error e) {
      return "untyped " + e;
    }
  }
}
