package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.testkit.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console of the command: results on stdout, nothing on stderr unless something is wrong. */
class ConsoleTest {

  @Test
  void anInferenceOnlyCallPrintsNothingOnStderr(@TempDir Path tmp) throws Exception {
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp);
    Result r = ssft(tmp, "ask", "--model", model.toString(), "-k", "2", "--max-new-tokens", "8", "What is 2+2?");
    assertEquals(0, r.exit, r.stderr);
    assertEquals("", r.stderr, "stderr of an inference-only call (stdout: " + r.stdout + ")");
    assertTrue(r.stdout.contains("answer: "), r.stdout);
  }

  @Test
  void djlsCudaProbeHasNoJnaToLoadSoItStaysQuiet() {
    // DJL's CudaUtils (run by the tokenizer's native-library loader) warns only when JNA can load a CUDA runtime
    assertThrows(ClassNotFoundException.class, () -> Class.forName("com.sun.jna.Native"),
        "JNA came back on the class path: exclude net.java.dev.jna:jna from the DJL dependencies");
  }

  @Test
  void anErrorIsOneLinePlusItsCause(@TempDir Path tmp) throws Exception {
    Result r = ssft(tmp, "ask", "--model", tmp.resolve("nowhere").toString(), "What is 2+2?");
    assertEquals(2, r.exit);
    List<String> lines = r.stderr.lines().toList();
    assertTrue(lines.get(0).startsWith("ssft: ") && lines.get(0).contains("nowhere"), r.stderr);
    assertTrue(lines.size() <= 2, r.stderr);
    assertFalse(r.stderr.contains("\tat "), r.stderr);
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

  record Result(int exit, String stdout, String stderr) {}

  private static Path launcherJar(Path tmp) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringBuilder urls = new StringBuilder();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.append(urls.length() == 0 ? "" : " ").append(Path.of(entry).toUri().toURL());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SsftCommand.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls.toString());
    Path jar = tmp.resolve("ssft-launcher.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
    return jar;
  }

  /**
   * Runs the command in a fresh JVM as {@code bin/ssft} does: {@code java -jar} on a jar whose manifest holds the
   * class path (here the test class path), so the command line stays short.
   */
  static Result ssft(Path tmp, String... args) throws Exception {
    Path jar = launcherJar(tmp);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove(ConsoleLogging.ENV);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ssft " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
