package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssft eval}, {@code ssft eval report} and {@code ssft eval compare} on the tiny fixture model. */
class EvalCommandTest {

  @Test
  void evalWritesJournalAndReportThenReportAndCompareReadTheJournals(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model"));
    String bench = Fixtures.subtractionSample().toString();
    String out = SsftCommandTest.run(0, "eval", "--model", dir.toString(), "--benchmark", bench, "--limit", "3",
        "--protocol", "native:6:1,pass1:2", "--max-new-tokens", "16", "--out", tmp.resolve("a").toString(),
        "--no-progress");
    assertTrue(out.contains("train-12: 3 problems scored (0 incomplete), 21 samples"), out);
    assertTrue(out.contains("Cons@6") && out.contains("Pass@1"), out);
    for (String f : new String[] {"journal.jsonl", "results.md", "results.json", "results.png", "problems.csv"}) {
      assertTrue(Files.size(tmp.resolve("a").resolve(f)) > 0, f);
    }
    assertEquals(4, Files.readAllLines(tmp.resolve("a/problems.csv")).size(), "header + 3 problems");

    // a second run on the same journal generates nothing and reports the same
    String again = SsftCommandTest.run(0, "eval", "--model", dir.toString(), "--benchmark", bench, "--limit", "3",
        "--protocol", "native:6:1,pass1:2", "--max-new-tokens", "16", "--out", tmp.resolve("a").toString(),
        "--no-progress");
    assertTrue(again.contains("21 samples"), again);
    String report = SsftCommandTest.run(0, "eval", "report", tmp.resolve("a/journal.jsonl").toString(), "--out",
        tmp.resolve("r").toString());
    String cons = out.lines().filter(l -> l.trim().startsWith("Cons@6")).findFirst().orElseThrow();
    assertTrue(report.contains(cons), report);

    SsftCommandTest.run(0, "eval", "--model", dir.toString(), "--benchmark", bench, "--limit", "3",
        "--protocol", "native:6:1,pass1:2", "--max-new-tokens", "16", "--seed", "99", "--out",
        tmp.resolve("b").toString(), "--no-progress");
    String cmp = SsftCommandTest.run(0, "eval", "compare", tmp.resolve("a/journal.jsonl").toString(),
        tmp.resolve("b/journal.jsonl").toString());
    assertTrue(cmp.contains("shared problems: 3"), cmp);
    assertTrue(cmp.lines().anyMatch(l -> l.startsWith("| Cons@6 |")), cmp);

    String summary = SsftCommandTest.run(0, "eval", "summary", "seed1234=" + tmp.resolve("a/journal.jsonl"),
        "seed99=" + tmp.resolve("b/journal.jsonl"), "--out", tmp.resolve("s").toString());
    assertTrue(summary.contains("summary.md"), summary);
    String page = Files.readString(tmp.resolve("s/summary.md"));
    assertTrue(page.contains("| seed1234 | 3 |") && page.contains("| seed99 | 3 |"), page);
    assertTrue(Files.size(tmp.resolve("s/summary.png")) > 0);

    // the same label twice, or JOURNAL,JOURNAL on one side: the runs pooled (per-problem means)
    SsftCommandTest.run(0, "eval", "summary", "both=" + tmp.resolve("a/journal.jsonl"),
        "both=" + tmp.resolve("b/journal.jsonl"), "--out", tmp.resolve("p").toString());
    assertTrue(Files.readString(tmp.resolve("p/summary.md")).contains("| both (2 runs pooled) | 3 |"));
    String pooledCmp = SsftCommandTest.run(0, "eval", "compare",
        tmp.resolve("a/journal.jsonl") + "," + tmp.resolve("b/journal.jsonl"), tmp.resolve("b/journal.jsonl").toString());
    assertTrue(pooledCmp.contains("shared problems: 3"), pooledCmp);

    // other settings on an existing journal: a clear error, exit code 2
    SsftCommandTest.run(2, "eval", "--model", dir.toString(), "--benchmark", bench, "--limit", "3",
        "--protocol", "native:6:1,pass1:2", "--max-new-tokens", "17", "--out", tmp.resolve("a").toString(),
        "--no-progress");
  }

  @Test
  void progressToAFileOrPipeIsAboutTwentyLinesNotOneRedrawPerSample() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    EvalCommand.Progress progress = new EvalCommand.Progress(new java.io.PrintStream(bytes, true), true, false);
    progress.onEvent(new io.github.ssft4j.eval.EvaluationEvent.Started("bench", 100, 1000, 0));
    for (int done = 1; done <= 1000; done++) {
      progress.onEvent(new io.github.ssft4j.eval.EvaluationEvent.SamplesCompleted(java.util.List.of(), done, 1000,
          done * 1_000_000L));
    }
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    long lines = text.lines().filter(l -> l.contains("samples/s")).count();
    assertTrue(lines >= 20 && lines <= 22, lines + " progress lines:\n" + text);
    assertTrue(!text.contains("\r"), "no carriage returns in a log");
    assertTrue(text.contains("1000/1000 samples"), "the last count is always logged");
  }

  @Test
  void progressLineShowsRateAndEta() {
    String line = EvalCommand.Progress.line(50, 200, 40, 4_000_000_000L);
    assertEquals("[#######-----------------------] 50/200 samples  10.0 samples/s  ETA 00:00:15", line);
  }
}
