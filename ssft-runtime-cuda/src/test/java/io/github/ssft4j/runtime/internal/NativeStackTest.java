package io.github.ssft4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ssft4j.ConsensusResult;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.ParallelReasoner;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.testkit.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native code gets the stack it needs whatever the caller's thread and however long the command line: ONNX
 * Runtime's environment creation recurses over {@code /proc/self/cmdline} and used to kill JVMs started with a
 * command line over ~4.5 KB (SIGSEGV, exit 139, no message).
 */
class NativeStackTest {

  @Test
  void aJvmStartedWithA100KbClassPathLoadsAModelAndLeavesNoTempFolder(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp.resolve("model"));
    Path temp = Files.createDirectories(tmp.resolve("java-tmp"));
    // 100 KB of class path entries that do not exist, then the real class path.
    StringBuilder classPath = new StringBuilder();
    for (int i = 0; classPath.length() < 100_000; i++) {
      classPath.append(tmp.resolve("absent-" + i + ".jar")).append(File.pathSeparatorChar);
    }
    classPath.append(System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss1m", "-Xmx512m", "-Djava.io.tmpdir=" + temp, "-cp", classPath.toString(),
        NativeStackChild.class.getName(), dir.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, child.exitValue(), "child JVM failed (139 is SIGSEGV):\n" + output);
    assertTrue(output.contains("generated"), output);
    long commandLine = Long.parseLong(output.replaceAll("(?s).*command line (\\d+) bytes.*", "$1"));
    assertTrue(commandLine > 100_000, "child command line " + commandLine + " bytes");
    try (Stream<Path> left = Files.list(temp)) {
      List<Path> ort = left.filter(p -> p.getFileName().toString().startsWith(OrtNative.TEMP_PREFIX)).toList();
      assertEquals(List.of(), ort, "ONNX Runtime's extracted libraries are removed once loaded");
    }
  }

  @Test
  void consensusFromA256KbThreadAnswersOrFailsTyped(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.modelFolder("qwen2-tiny", tmp);
    String huge = "What is 12+30? ".repeat(50_000 / 15 + 1).substring(0, 50_000);
    GenerationOptions options = GenerationOptions.DEFAULT.withMaxNewTokens(8);
    AtomicReference<Object> hugeOutcome = new AtomicReference<>();
    AtomicReference<Object> shortOutcome = new AtomicReference<>();
    Thread small = new Thread(null, () -> {
      // The model is loaded on this thread too: loading must not need the caller's stack either.
      try (ParallelReasoner reasoner = ParallelReasoner.load(dir)) {
        hugeOutcome.set(outcome(() -> reasoner.consensus(huge, 2, options)));
        shortOutcome.set(outcome(() -> reasoner.consensus("What is 12+30?", 2, options)));
      } catch (Throwable t) {
        hugeOutcome.compareAndSet(null, t);
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join(120_000);
    Object huge1 = hugeOutcome.get();
    if (!(huge1 instanceof ConsensusResult)) {
      assertTrue(huge1 instanceof SsftException, "typed exception expected, got " + huge1);
      String message = ((SsftException) huge1).getMessage();
      assertTrue(message.contains("max_position_embeddings=1024"), message);
    }
    assertTrue(shortOutcome.get() instanceof ConsensusResult r && r.branches().size() == 2,
        "a short question is answered on a 256 KB stack: " + shortOutcome.get());
  }

  @Test
  void nativeThreadsReserveStackForTheCommandLine() {
    assertEquals(NativeThread.BASE_STACK, NativeThread.stackSize(0));
    assertEquals(NativeThread.BASE_STACK + 512L * 100_000, NativeThread.stackSize(100_000));
    assertEquals(4L << 30, NativeThread.stackSize(Long.MAX_VALUE / 1024));
    assertTrue(NativeThread.stackSize() >= NativeThread.stackSize(NativeThread.commandLineBytes()));
  }

  @Test
  void onlyMappedLibrariesInOrtTempFoldersAreRemoved(@TempDir Path tmp) throws Exception {
    Path ours = Files.createDirectories(tmp.resolve("onnxruntime-java123"));
    Path lib = Files.writeString(ours.resolve("libonnxruntime.so"), "x");
    Path other = Files.createDirectories(tmp.resolve("onnxruntime-java456"));
    Path otherLib = Files.writeString(other.resolve("libonnxruntime.so"), "x");
    Path kept = Files.createDirectories(tmp.resolve("onnxruntime-java789"));
    Path mapped = Files.writeString(kept.resolve("libonnxruntime.so"), "x");
    Path provider = Files.writeString(kept.resolve("libonnxruntime_providers_cuda.so"), "x");
    Path maps = Files.writeString(tmp.resolve("maps"), String.join("\n",
        "7f00-7f01 r-xp 00000000 08:01 1 " + lib,
        "7f01-7f02 r-xp 00000000 08:01 2 " + mapped,
        "7f02-7f03 r-xp 00000000 08:01 3 /usr/lib/libc.so.6",
        "7f03-7f04 rw-p 00000000 00:00 0 [heap]"));
    assertEquals(List.of(ours), OrtNative.removeExtractedLibraries(maps, tmp));
    assertTrue(Files.notExists(ours));
    assertTrue(Files.exists(otherLib), "another process's folder is left alone");
    assertTrue(Files.notExists(mapped) && Files.exists(provider), "providers extracted later are kept");
  }

  private interface Call {
    Object run();
  }

  private static Object outcome(Call call) {
    try {
      return call.run();
    } catch (StackOverflowError e) {
      fail("stack overflow on the caller's thread", e);
      return e;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
