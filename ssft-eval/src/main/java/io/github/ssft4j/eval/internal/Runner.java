package io.github.ssft4j.eval.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ExtractedAnswer;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.Trace;
import io.github.ssft4j.eval.Benchmark;
import io.github.ssft4j.eval.Evaluation;
import io.github.ssft4j.eval.EvaluationEvent;
import io.github.ssft4j.eval.EvaluationException;
import io.github.ssft4j.eval.EvaluationListener;
import io.github.ssft4j.eval.EvaluationResult;
import io.github.ssft4j.eval.Metric;
import io.github.ssft4j.eval.Problem;
import io.github.ssft4j.eval.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link Evaluation}: reads its journal, generates the forked calls that still have missing samples on
 * {@code concurrency} workers (problems in benchmark order), appends each call's samples to the journal, and scores.
 */
final class Runner {
  private Runner() {}

  static EvaluationResult run(Evaluation e) {
    ObjectNode header = header(e);
    int[] plan = e.protocol().samplesPerTag(e.tags());
    Benchmark bench = e.benchmark();
    Judge judge = new Judge(bench.answerFormat());
    long t0 = System.nanoTime();
    try (Journal journal = Journal.open(e.journal(), header)) {
      List<Runnable> tasks = new ArrayList<>();
      long total = (long) bench.problems().size() * e.protocol().samplesPerProblem(e.tags());
      long[] done = {0};
      Object events = new Object();
      EvaluationListener listener = e.listener();
      for (Problem p : bench.problems()) {
        for (SamplePlan.Call call : SamplePlan.calls(p.id(), plan, e.samplesPerCall(), e.generation().seed())) {
          int missing = 0;
          for (SamplePlan.Slot s : call.slots()) {
            if (!journal.contains(Sample.key(p.id(), s.tag(), s.index()))) {
              missing++;
            }
          }
          done[0] += call.slots().size() - missing;
          if (missing == 0) {
            continue;
          }
          tasks.add(() -> {
            java.util.function.Consumer<List<Sample>> record = batch -> {
              List<Sample> fresh = journal.append(batch);
              if (!fresh.isEmpty()) {
                synchronized (events) {
                  done[0] += fresh.size();
                  listener.onEvent(new EvaluationEvent.SamplesCompleted(fresh, done[0], total,
                      System.nanoTime() - t0));
                }
              }
            };
            // each branch is journaled as it finishes; the call's result then fills in any the listener missed
            record.accept(generate(e, judge, p, call, record));
          });
        }
      }
      listener.onEvent(new EvaluationEvent.Started(bench.name(), bench.problems().size(), total, done[0]));
      execute(tasks, e.concurrency());
      EvaluationResult result = Scoring.score(header, journal.samples());
      listener.onEvent(new EvaluationEvent.Finished(result, System.nanoTime() - t0));
      return result;
    }
  }

  private static List<Sample> generate(Evaluation e, Judge judge, Problem p, SamplePlan.Call call,
      java.util.function.Consumer<List<Sample>> onBranch) {
    Prompt prompt = Prompt.question(e.systemPrompt(), e.benchmark().template().render(p.question()));
    GenerationOptions options = e.generation().withSeed(call.seed());
    StreamListener branches = new StreamListener() {
      @Override
      public void onBranchFinished(int branch, Trace trace) {
        if (branch >= 0 && branch < call.slots().size()) {
          onBranch.accept(List.of(sample(judge, p, call, branch, trace)));
        }
      }
    };
    List<Trace> traces = e.generator().generate(prompt, call.tags(), options, branches);
    if (traces.size() != call.slots().size()) {
      throw new EvaluationException("the model returned " + traces.size() + " branches for " + call.slots().size()
          + " requested (problem " + p.id() + ")");
    }
    List<Sample> out = new ArrayList<>(traces.size());
    for (int b = 0; b < traces.size(); b++) {
      out.add(sample(judge, p, call, b, traces.get(b)));
    }
    return out;
  }

  private static Sample sample(Judge judge, Problem p, SamplePlan.Call call, int branch, Trace trace) {
    SamplePlan.Slot slot = call.slots().get(branch);
    String text = trace.text();
    ExtractedAnswer answer = judge.extract(text);
    return new Sample(p.id(), slot.tag(), slot.index(), call.seed(), branch, text, answer,
        judge.correct(p.answer(), text), trace.tokenIds().size());
  }

  private static void execute(List<Runnable> tasks, int concurrency) {
    if (tasks.isEmpty()) {
      return;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, tasks.size()), r -> {
      // a generous stack: answer parsing is recursive, native inference runs on this thread
      Thread t = new Thread(null, r, "ssft-eval-" + n.incrementAndGet(), 64L << 20);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(tasks.size());
      tasks.forEach(t -> futures.add(pool.submit(t)));
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException ex) {
          pool.shutdownNow();
          Throwable cause = ex.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new EvaluationException("evaluation failed: " + cause, cause);
        } catch (InterruptedException ex) {
          pool.shutdownNow();
          Thread.currentThread().interrupt();
          throw new EvaluationException("evaluation interrupted", ex);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The settings a journal belongs to; a journal is resumed only under equal settings. */
  static ObjectNode header(Evaluation e) {
    ObjectNode h = Journal.JSON.createObjectNode();
    h.put("type", "header");
    h.put("version", 1);
    h.put("benchmark", e.benchmark().name());
    h.put("answerFormat", e.benchmark().answerFormat().name());
    h.put("model", e.modelName());
    h.put("tags", e.tags());
    ArrayNode protocol = h.putArray("protocol");
    for (Metric m : e.protocol().metrics()) {
      protocol.add(MetricCodec.write(Journal.JSON, m));
    }
    ArrayNode plan = h.putArray("plan");
    for (int n : e.protocol().samplesPerTag(e.tags())) {
      plan.add(n);
    }
    ObjectNode g = h.putObject("generation");
    GenerationOptions o = e.generation();
    g.put("temperature", o.temperature());
    g.put("topP", o.topP());
    g.put("topK", o.topK());
    g.put("maxNewTokens", o.maxNewTokens());
    g.put("seed", o.seed());
    g.put("ignoreEos", o.ignoreEos());
    ArrayNode stops = g.putArray("stopStrings");
    o.stopStrings().forEach(stops::add);
    if (e.systemPrompt() == null) {
      h.putNull("systemPrompt");
    } else {
      h.put("systemPrompt", e.systemPrompt());
    }
    h.put("template", e.benchmark().template().text());
    h.put("samplesPerCall", e.samplesPerCall());
    ArrayNode problems = h.putArray("problems");
    for (Problem p : e.benchmark().problems()) {
      problems.addObject().put("id", p.id()).put("answer", p.answer());
    }
    try {
      // as read back from the file (numbers in their smallest node type), so equal settings compare equal
      return (ObjectNode) Journal.JSON.readTree(Journal.JSON.writeValueAsString(h));
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
