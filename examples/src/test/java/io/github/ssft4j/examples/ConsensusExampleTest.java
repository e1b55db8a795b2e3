package io.github.ssft4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example runs as documented against the tiny reference model. */
class ConsensusExampleTest {

  @Test
  void printsOneLinePerBranchAndTheAnswer(@TempDir Path tmp) {
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp);
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      ConsensusExample.main(new String[] {model.toString(), "What is 37+48?", "4"});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(4, printed.lines().filter(l -> l.startsWith("<think")).count(), printed);
    assertTrue(printed.lines().anyMatch(l -> l.startsWith("answer: ")), printed);
  }
}
