package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started with {@code java -cp <long class path>} (as Maven, Gradle and IDEs start one) loads a model:
 * ONNX Runtime's native start-up overflowed the default main-thread stack there and killed the JVM with SIGSEGV.
 */
class LongCommandLineTest {

  @Test
  void aJvmWithAnEightKilobyteCommandLineLoadsTheModelAndAnswers(@TempDir Path tmp) throws Exception {
    Path model = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(List.of(java, "-Dssft.test.padding=" + "x".repeat(8192),
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), model.toString()))
        .redirectErrorStream(true).start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), "exit code 139 is the SIGSEGV; output:\n" + out);
    assertTrue(out.contains("branches=2"), out);
  }

  /** The application: loads the model on its main thread and runs a small consensus. */
  public static final class Child {
    public static void main(String[] args) {
      try (ParallelReasoner reasoner = ParallelReasoner.load(Path.of(args[0]))) {
        System.out.println("branches=" + reasoner.consensus("What is 5-3?", 2).branches().size());
      }
    }
  }
}
