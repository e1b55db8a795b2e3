package io.github.ssft4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety by killing real processes: {@code ssft train} is killed with SIGKILL at random moments (half of
 * them while a checkpoint is being written) and started again until it finishes; the run must end with a complete,
 * loadable {@code OUT/model} whose files equal an uninterrupted run's, a {@code matching.jsonl} with each step
 * once, and no temporary folder. {@code -Dssft.kill.runs} sets how many killed runs (default 1, each killed up to
 * {@code -Dssft.kill.max} times, default 2; {@code -Dssft.kill.steps} steps, default 12).
 */
class KillAndResumeTest {
  private static final int RUNS = Integer.getInteger("ssft.kill.runs", 1);
  private static final int MAX_KILLS = Integer.getInteger("ssft.kill.max", 2);
  private static final int STEPS = Integer.getInteger("ssft.kill.steps", 12);

  private static List<String> train(Path hf, Path data, Path out) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), SsftCommand.class.getName(), "train",
        "--model", hf.toString(), "--data", data.toString(), "--out", out.toString(), "--method", "ssft",
        "--steps", String.valueOf(STEPS), "--checkpoint-every", "3", "--batch-size", "2", "--max-seq-len", "128",
        "--threads", "1", "--seed", "5");
  }

  private static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void killedTrainingResumesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
    Path hf = Fixtures.model("qwen2-tiny").resolve("hf");
    Path data = Fixtures.copyOf(Fixtures.subtractionSample(), tmp.resolve("train.jsonl"));
    Path straight = tmp.resolve("straight");
    long t0 = System.nanoTime();
    Process p = start(train(hf, data, straight), tmp.resolve("straight.log"));
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("straight.log")));
    long runMillis = (System.nanoTime() - t0) / 1_000_000;

    int kills = 0;
    int duringSave = 0;
    int starts = 0;
    for (int run = 0; run < RUNS; run++) {
      SplittableRandom random = new SplittableRandom(1000 + run);
      Path out = tmp.resolve("killed-" + run);
      for (int attempt = 0; ; attempt++) {
        Path log = tmp.resolve("killed-" + run + "-" + attempt + ".log");
        Process child = start(train(hf, data, out), log);
        starts++;
        boolean killed = false;
        if (attempt < MAX_KILLS) {
          if (random.nextBoolean()) {
            // While a checkpoint is being written: as soon as its temporary folder appears.
            long deadline = System.nanoTime() + runMillis * 2_000_000L;
            while (child.isAlive() && System.nanoTime() < deadline && !savingCheckpoint(out)) {
              Thread.sleep(1);
            }
            if (child.isAlive() && savingCheckpoint(out)) {
              Thread.sleep(random.nextInt(5));
              duringSave++;
              killed = kill(child);
            }
          } else {
            Thread.sleep((long) (random.nextDouble() * runMillis));
            killed = kill(child);
          }
        }
        assertTrue(child.waitFor(300, TimeUnit.SECONDS));
        if (killed) {
          kills++;
          continue;
        }
        assertEquals(0, child.exitValue(), Files.readString(log));
        break;
      }
      assertSameRun(straight, out);
    }
    System.out.printf("[kill] %d runs, %d kills (%d while a checkpoint was written), %d starts; uninterrupted run "
        + "%d ms%n", RUNS, kills, duringSave, starts, runMillis);
  }

  private static boolean kill(Process child) throws InterruptedException {
    if (!child.isAlive()) {
      return false;
    }
    child.destroyForcibly(); // SIGKILL on Linux
    child.waitFor();
    return true;
  }

  private static boolean savingCheckpoint(Path out) {
    try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void assertSameRun(Path straight, Path out) throws IOException {
    for (String file : List.of("config.json", "tokenizer.json", "chat_template.jinja", "model.safetensors",
        "generation_config.json", "tokenizer_config.json")) {
      assertArrayEquals(Files.readAllBytes(straight.resolve("model").resolve(file)),
          Files.readAllBytes(out.resolve("model").resolve(file)), file + " equals the uninterrupted run's");
    }
    assertEquals(Files.readAllLines(straight.resolve("matching.jsonl")), Files.readAllLines(out.resolve("matching.jsonl")),
        "each step logged once, as in the uninterrupted run");
    assertEquals(STEPS, Files.readAllLines(out.resolve("matching.jsonl")).size());
    List<Path> hidden = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(out)) {
      walk.filter(p -> p.getFileName().toString().startsWith(".")).forEach(hidden::add);
    }
    assertEquals(List.of(), hidden, "no temporary file or folder is left");
  }
}
