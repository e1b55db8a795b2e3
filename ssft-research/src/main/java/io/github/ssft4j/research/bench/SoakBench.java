package io.github.ssft4j.research.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ConsensusRequest;
import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationCancelledException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.voting.AnswerVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak test behind {@code ssft bench soak}: {@code T} threads share one {@link ParallelReasoner} for {@code M}
 * minutes, each call drawn at random from consensus, single-branch generation, answer verification, an
 * asynchronous consensus cancelled after a random delay, and a consensus with a short timeout. It reports errors
 * (any failure other than the cancellations and timeouts it asked for), p50/p99 latency per kind, and the process's
 * resident memory over time; the growth after warm-up is the leak signal.
 */
public final class SoakBench {
  private SoakBench() {}

  /** The kinds of call. */
  enum Kind { CONSENSUS, GENERATE, VERIFY, CANCELLED, TIMEOUT }

  /**
   * @param model a model folder
   * @param threads concurrent callers
   * @param minutes how long to run
   * @param k branches of a consensus call
   * @param maxNewTokens most new tokens per branch
   * @param seed seeds the call mix and the sampling
   * @param sampleSeconds how often resident memory is sampled and a line printed
   * @param warmupMinutes the part of the run excluded from the memory-growth figure
   * @param json where to write the figures as JSON, or {@code null}
   */
  public record Settings(Path model, int threads, double minutes, int k, int maxNewTokens, long seed,
      int sampleSeconds, double warmupMinutes, Path json) {}

  /** Latencies of one kind, in nanoseconds. */
  private static final class Latencies {
    private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

    void add(long n) {
      nanos.add(n);
    }

    long[] sorted() {
      long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(a);
      return a;
    }
  }

  /**
   * Runs the soak and prints a line per sample, then a summary; the last line is
   * {@code errors=.. calls=.. p50_ms=.. p99_ms=.. rss_growth_after_warmup=..}.
   *
   * @param s settings
   * @param out where the lines go
   * @return the number of errors
   */
  public static long run(Settings s, PrintStream out) throws InterruptedException {
    Map<Kind, Latencies> latencies = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      latencies.put(k, new Latencies());
    }
    AtomicLong calls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong cancelled = new AtomicLong();
    AtomicLong timedOut = new AtomicLong();
    ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + (long) (s.minutes() * 60e9);
    List<long[]> rss = new ArrayList<>(); // {elapsed seconds, resident bytes, heap used, heap committed, threads}
    GenerationOptions options = GenerationOptions.DEFAULT.withMaxNewTokens(s.maxNewTokens());
    try (ParallelReasoner reasoner = ParallelReasoner.builder(s.model()).generation(options).build()) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < s.threads(); t++) {
        SplittableRandom random = new SplittableRandom(s.seed() * 1_000_003L + t);
        int thread = t;
        Thread w = new Thread(() -> {
          for (int i = 0; System.nanoTime() < end; i++) {
            // Each kind once first, then at random: even a short run covers them all.
            Kind kind = i < Kind.values().length ? Kind.values()[(i + thread) % Kind.values().length]
                : pick(random);
            long t0 = System.nanoTime();
            try {
              call(reasoner, kind, random, s, options, cancelled, timedOut);
            } catch (RuntimeException | Error e) {
              errors.incrementAndGet();
              if (firstErrors.size() < 10) {
                firstErrors.add(kind + ": " + e);
              }
            }
            latencies.get(kind).add(System.nanoTime() - t0);
            calls.incrementAndGet();
          }
        }, "soak-" + t);
        w.start();
        workers.add(w);
      }
      out.printf(Locale.ROOT, "soak: %d threads, %.1f min, k=%d, %d new tokens, model %s%n", s.threads(),
          s.minutes(), s.k(), s.maxNewTokens(), s.model());
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(s.sampleSeconds() * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        long bytes = residentBytes();
        java.lang.management.MemoryUsage heap =
            java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        int liveThreads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
        rss.add(new long[] {elapsed, bytes, heap.getUsed(), heap.getCommitted(), liveThreads});
        out.printf(Locale.ROOT, "t=%ds rss=%.1fMB heap=%.1f/%.1fMB threads=%d calls=%d errors=%d cancelled=%d "
            + "timed_out=%d%n", elapsed, bytes / 1e6, heap.getUsed() / 1e6, heap.getCommitted() / 1e6, liveThreads,
            calls.get(), errors.get(), cancelled.get(), timedOut.get());
      }
      for (Thread w : workers) {
        w.join();
      }
    }
    firstErrors.forEach(e -> out.println("error: " + e));
    long[] all = latencies.values().stream().flatMapToLong(l -> Arrays.stream(l.sorted())).sorted().toArray();
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("threads", s.threads()).put("minutes", s.minutes()).put("k", s.k()).put("maxNewTokens", s.maxNewTokens())
        .put("calls", calls.get()).put("errors", errors.get()).put("cancelled", cancelled.get())
        .put("timedOut", timedOut.get());
    ObjectNode kinds = json.putObject("latencyMs");
    for (var e : latencies.entrySet()) {
      long[] a = e.getValue().sorted();
      kinds.putObject(e.getKey().name().toLowerCase(Locale.ROOT)).put("calls", a.length)
          .put("p50", ms(percentile(a, 0.5))).put("p99", ms(percentile(a, 0.99)));
      out.printf(Locale.ROOT, "%-9s calls=%d p50=%.1fms p99=%.1fms%n", e.getKey().name().toLowerCase(Locale.ROOT),
          a.length, ms(percentile(a, 0.5)), ms(percentile(a, 0.99)));
    }
    double growth = growthAfterWarmup(rss, s.warmupMinutes() * 60);
    ArrayNode samples = json.putArray("rss");
    rss.forEach(r -> samples.addObject().put("seconds", r[0]).put("bytes", r[1]).put("heapUsed", r[2])
        .put("heapCommitted", r[3]).put("threads", r[4]));
    json.put("rssGrowthAfterWarmup", growth);
    if (s.json() != null) {
      try {
        Files.writeString(s.json(), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    out.printf(Locale.ROOT, "errors=%d calls=%d p50_ms=%.1f p99_ms=%.1f rss_growth_after_warmup=%.4f%n",
        errors.get(), calls.get(), ms(percentile(all, 0.5)), ms(percentile(all, 0.99)), growth);
    return errors.get();
  }

  private static Kind pick(SplittableRandom random) {
    int r = random.nextInt(100);
    return r < 40 ? Kind.CONSENSUS : r < 60 ? Kind.GENERATE : r < 80 ? Kind.VERIFY : r < 90 ? Kind.CANCELLED
        : Kind.TIMEOUT;
  }

  private static void call(ParallelReasoner reasoner, Kind kind, SplittableRandom random, Settings s,
      GenerationOptions options, AtomicLong cancelled, AtomicLong timedOut) {
    int a = 10 + random.nextInt(90);
    int b = 10 + random.nextInt(90);
    String question = "What is " + a + "+" + b + "?";
    GenerationOptions seeded = options.withSeed(random.nextLong());
    switch (kind) {
      case CONSENSUS -> check(reasoner.consensus(question, s.k(), seeded), s.k());
      case GENERATE -> reasoner.generate(question, 1 + random.nextInt(reasoner.forkingTokens().count()), seeded);
      case VERIFY -> AnswerVerifier.verify(String.valueOf(a + b), "\\boxed{" + (a + b + random.nextInt(2)) + "}",
          AnswerVerifier.Options.DEFAULT);
      case CANCELLED -> {
        CompletableFuture<ConsensusResult> f = reasoner.consensusAsync(
            ConsensusRequest.builder(question).k(s.k()).options(seeded).build());
        sleep(random.nextInt(30));
        f.cancel(true);
        try {
          check(f.join(), s.k());
        } catch (CancellationException e) {
          cancelled.incrementAndGet();
        }
      }
      case TIMEOUT -> {
        try {
          check(reasoner.consensus(ConsensusRequest.builder(question).k(s.k()).options(seeded)
              .timeout(Duration.ofMillis(1 + random.nextInt(40))).build()), s.k());
        } catch (GenerationCancelledException e) {
          if (!e.timedOut()) {
            throw e;
          }
          timedOut.incrementAndGet();
        }
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  private static void check(ConsensusResult r, int k) {
    if (r.branches().size() != k) {
      throw new IllegalStateException("consensus returned " + r.branches().size() + " branches, asked " + k);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Growth of resident memory from the first minute after warm-up to the last minute, as a fraction. */
  static double growthAfterWarmup(List<long[]> rss, double warmupSeconds) {
    List<long[]> after = rss.stream().filter(r -> r[0] >= warmupSeconds).toList();
    if (after.size() < 2) {
      return Double.NaN;
    }
    long first = after.get(0)[0];
    long last = after.get(after.size() - 1)[0];
    double base = after.stream().filter(r -> r[0] < first + 60).mapToLong(r -> r[1]).average().orElseThrow();
    double end = after.stream().filter(r -> r[0] > last - 60).mapToLong(r -> r[1]).average().orElseThrow();
    return end / base - 1;
  }

  private static long percentile(long[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** @return this process's resident set size ({@code VmRSS}), or 0 where there is no {@code /proc} */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
