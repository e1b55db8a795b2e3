package io.github.ssft4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs that unpack the demo model into an empty cache at the same moment both load it; the cache is intact. */
class TwoJvmUnpackTest {
  @Test
  void twoJvmsUnpackingAtOnceBothLoadTheModelAndLeaveOneIntactFolder(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    Path rendezvous = Files.createDirectory(tmp.resolve("rendezvous"));
    List<String> options = List.of("-Xmx1g", "-Dssft4j.cache.dir=" + cache);
    ChildJvm a = ChildJvm.start(tmp, UnpackAndAnswer.class, options, rendezvous.toString(), "a");
    ChildJvm b = ChildJvm.start(tmp, UnpackAndAnswer.class, options, rendezvous.toString(), "b");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(Files.exists(rendezvous.resolve("ready-a")) && Files.exists(rendezvous.resolve("ready-b")))) {
      assertTrue(System.nanoTime() < deadline, "the children did not start");
      Thread.sleep(5);
    }
    Files.createFile(rendezvous.resolve("go"));

    ChildJvm.Result ra = a.await(180);
    ChildJvm.Result rb = b.await(180);
    assertEquals(0, ra.exit(), ra.stderr());
    assertEquals(0, rb.exit(), rb.stderr());
    String[] la = ra.stdout().strip().split("\t");
    String[] lb = rb.stdout().strip().split("\t");
    assertEquals(la[0], lb[0], "both use the same folder");
    assertEquals("36", la[3]);
    assertEquals("36", lb[3]);
    long overlap = Math.min(Long.parseLong(la[2]), Long.parseLong(lb[2]))
        - Math.max(Long.parseLong(la[1]), Long.parseLong(lb[1]));
    System.out.println("two-JVM unpack: a " + (Long.parseLong(la[2]) - Long.parseLong(la[1])) + " ms, b "
        + (Long.parseLong(lb[2]) - Long.parseLong(lb[1])) + " ms, overlapping " + overlap + " ms");

    Path folder = Path.of(la[0]);
    for (String line : Files.readAllLines(DemoModelArtifactTest.SOURCE.resolve("SHA256SUMS"))) {
      String[] parts = line.split("  ", 2);
      byte[] bytes = Files.readAllBytes(folder.resolve(parts[1]));
      assertEquals(parts[0], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), parts[1]);
    }
    try (Stream<Path> s = Files.list(folder.getParent())) {
      assertEquals(List.of(folder), s.toList(), "one folder, no temporary folder left behind");
    }
  }
}
