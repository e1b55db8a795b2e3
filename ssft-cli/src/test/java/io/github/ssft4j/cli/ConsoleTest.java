package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.testkit.ChildJvm;
import io.github.ssft4j.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console of the command: results on stdout, nothing on stderr unless something is wrong. */
class ConsoleTest {

  @Test
  void anInferenceOnlyCallPrintsNothingOnStderr(@TempDir Path tmp) throws Exception {
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp);
    ChildJvm.Result r = ssft(tmp, "ask", "--model", model.toString(), "-k", "2", "--max-new-tokens", "8", "What is 2+2?");
    assertEquals(0, r.exit(), r.stderr());
    assertEquals("", r.stderr(), "stderr of an inference-only call (stdout: " + r.stdout() + ")");
    assertTrue(r.stdout().contains("answer: "), r.stdout());
  }

  @Test
  void askWithoutAModelRunsTheDemoModelAndShowsEachBranchsStrategy(@TempDir Path tmp) throws Exception {
    ChildJvm.Result r = ssft(tmp, "ask", "What is 83 - 47?");
    assertEquals(0, r.exit(), r.stderr());
    assertEquals("", r.stderr(), "stderr of the first-run command (stdout: " + r.stdout() + ")");
    List<String> branches = r.stdout().lines().filter(l -> l.startsWith("branch ")).toList();
    assertEquals(6, branches.size(), r.stdout());
    long strategies = branches.stream().map(l -> l.split(" +")[3]).filter(s -> !s.equals("-")).distinct().count();
    assertTrue(strategies >= 4, "the tags follow different strategies: " + r.stdout());
    assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("votes: ")), r.stdout());
    assertTrue(r.stdout().contains("answer: 36"), r.stdout());
  }

  @Test
  void djlsCudaProbeHasNoJnaToLoadSoItStaysQuiet() {
    // DJL's CudaUtils (run by the tokenizer's native-library loader) warns only when JNA can load a CUDA runtime
    assertThrows(ClassNotFoundException.class, () -> Class.forName("com.sun.jna.Native"),
        "JNA came back on the class path: exclude net.java.dev.jna:jna from the DJL dependencies");
  }

  @Test
  void anErrorIsOneLinePlusItsCause(@TempDir Path tmp) throws Exception {
    ChildJvm.Result r = ssft(tmp, "ask", "--model", tmp.resolve("nowhere").toString(), "What is 2+2?");
    assertEquals(2, r.exit());
    List<String> lines = r.stderr().lines().toList();
    assertTrue(lines.get(0).startsWith("ssft: ") && lines.get(0).contains("nowhere"), r.stderr());
    assertTrue(lines.size() <= 2, r.stderr());
    assertFalse(r.stderr().contains("\tat "), r.stderr());
  }

  @Test
  void errorReportsCarryTheCauseAndTheStackTraceOnlyWhenVerbose() {
    Exception e = new ModelLoadException("cannot read model.onnx", new IOException("disk on fire"));
    assertEquals("ssft: cannot read model.onnx" + System.lineSeparator() + "  cause: IOException: disk on fire",
        ErrorReport.of(e, false));
    assertTrue(ErrorReport.of(e, true).contains("\tat io.github.ssft4j.cli.ConsoleTest"), ErrorReport.of(e, true));
    String bug = ErrorReport.of(new UncheckedIOException(new IOException("x")), false);
    assertTrue(bug.startsWith("ssft: UncheckedIOException: java.io.IOException: x"), bug);
    assertTrue(bug.endsWith("(run with --verbose for the stack trace)"), bug);
  }

  @Test
  void logLevelsFollowTheFlagsAndTheEnvironment() {
    assertEquals(new ConsoleLogging("warn", false), ConsoleLogging.of(new String[] {"ask", "q"}, null));
    assertEquals(new ConsoleLogging("info", true), ConsoleLogging.of(new String[] {"ask", "--verbose", "q"}, null));
    assertEquals(new ConsoleLogging("error", false), ConsoleLogging.of(new String[] {"--quiet", "ask"}, "info"));
    assertEquals(new ConsoleLogging("debug", false), ConsoleLogging.of(new String[] {"ask"}, "DEBUG"));
    assertEquals(new ConsoleLogging("debug", true), ConsoleLogging.of(new String[] {"--verbose"}, "debug"));
    assertEquals(new ConsoleLogging("warn", false), ConsoleLogging.of(new String[] {"--", "--quiet"}, "loud"));
  }

  @Test
  void theLoggingFlagsAreAcceptedByEveryCommand() {
    assertEquals(0, SsftCommand.run("ask", "--help", "--quiet"));
    assertEquals(0, SsftCommand.run("--verbose", "train", "--help"));
  }

  /** Runs the command in a fresh JVM as {@code bin/ssft} does ({@code java -jar}, class path in the manifest). */
  static ChildJvm.Result ssft(Path tmp, String... args) throws Exception {
    return ChildJvm.start(tmp, SsftCommand.class, List.of("-Xmx1g", "-Dssft4j.cache.dir=" + tmp.resolve("cache")),
        args).await(120);
  }
}
