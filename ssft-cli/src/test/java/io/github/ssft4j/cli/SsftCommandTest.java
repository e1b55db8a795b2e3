package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SsftCommandTest {

  /** Runs the command with stdout captured. */
  static String run(int expectedExit, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(expectedExit, SsftCommand.run(args), "exit code of ssft " + String.join(" ", args));
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsTheCommands() {
    String help = run(0, "--help");
    assertTrue(help.contains("Usage: ssft"), help);
    assertTrue(help.contains("bench"), help);
  }

  @Test
  void versionNamesTheReleaseAndTheJvm() {
    String version = run(0, "--version");
    assertTrue(version.matches("(?s)ssft \\d+\\.\\d+\\.\\d+.*Java .*"), version);
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertEquals(2, SsftCommand.run("--no-such-option"));
  }
}
