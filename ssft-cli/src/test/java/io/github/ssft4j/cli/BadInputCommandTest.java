package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends the command with exit code 2 and one line on standard error, never a stack trace or a crash. */
class BadInputCommandTest {
  private static final String HUGE = "What is 12+30? ".repeat(3334).substring(0, 50_000);

  /** Runs the command with standard error (and optionally standard input) captured; returns standard error. */
  private static String runErr(int expectedExit, String stdin, String... args) {
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      SsftCommandTest.run(expectedExit, args);
    } finally {
      System.setErr(err);
      System.setIn(in);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static void assertOneLine(String err, String... mentions) {
    List<String> ours = err.lines().filter(l -> l.startsWith("ssft: ")).toList();
    assertEquals(1, ours.size(), err);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    for (String m : mentions) {
      assertTrue(ours.get(0).contains(m), ours.get(0) + " should mention " + m);
    }
  }

  @Test
  void a50kQuestionFromAFileOrStandardInputIsATypedError(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("m"));
    Path question = Files.writeString(tmp.resolve("q.txt"), HUGE + "\n");
    assertOneLine(runErr(2, null, "ask", "--model", dir.toString(), "--question-file", question.toString()),
        "max_position_embeddings=1024");
    assertOneLine(runErr(2, HUGE, "ask", "--model", dir.toString(), "-k", "2", "-"), "max_position_embeddings");
    assertOneLine(runErr(2, null, "generate", "--model", dir.toString(), "--prompt-file", question.toString()),
        "max_position_embeddings");
    assertOneLine(runErr(2, null, "ask", "--model", dir.toString()), "--question-file");
  }

  @Test
  void a50kQuestionOnTheCommandLineOfARealProcessExits2WithOneLine(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("m"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("t")), "-cp", System.getProperty("java.class.path"),
        SsftCommand.class.getName(), "ask", "--model", dir.toString(), HUGE).redirectOutput(
            ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), "exit code (139: the JVM crashed)\n" + err);
    assertOneLine(err, "max_position_embeddings=1024");
  }

  @Test
  void negativeCountsAndEmptyQuestionsExit2(@TempDir Path tmp) throws Exception {
    assertOneLine(runErr(2, null, "data", "subtraction", "--out", tmp.toString(), "--train", "-5"), "-5");
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("m"));
    assertOneLine(runErr(2, null, "ask", "--model", dir.toString(), ""), "question");
  }
}
