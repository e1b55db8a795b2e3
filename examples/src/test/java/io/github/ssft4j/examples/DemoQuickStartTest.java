package io.github.ssft4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's quick-start runs as printed (the demo model unpacks under target/, see the POM). */
class DemoQuickStartTest {
  @Test
  void printsSixBranchesAndTheVotedAnswer() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      DemoQuickStart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(6, printed.lines().filter(l -> l.startsWith("<think")).count(), printed);
    assertTrue(printed.strip().endsWith("answer: 36"), printed);
  }
}
