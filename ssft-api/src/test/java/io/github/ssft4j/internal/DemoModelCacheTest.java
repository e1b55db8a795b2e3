package io.github.ssft4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ssft4j.DemoModel;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo model's cache: verified, atomic, reused; a damaged artifact or cache never passes for the model. */
class DemoModelCacheTest {
  @TempDir Path tmp;

  private final byte[] weights = randomBytes(300_000);
  private final byte[] config = "{\"model_type\":\"qwen2\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void unpacksEveryFileOnceAndReusesTheFolder() throws Exception {
    DemoModelCache.Source source = artifact(weights, sha(weights));
    Path root = tmp.resolve("cache");

    Path folder = DemoModelCache.unpack(source, root);

    assertEquals(root.resolve("demo-model").resolve(source.folderName()), folder);
    assertTrue(source.folderName().startsWith("1.2.3-"), source.folderName());
    assertArrayEquals(weights, Files.readAllBytes(folder.resolve("model.onnx")));
    assertArrayEquals(config, Files.readAllBytes(folder.resolve("config.json")));
    FileTime written = Files.getLastModifiedTime(folder.resolve("model.onnx"));
    assertEquals(folder, DemoModelCache.unpack(source, root));
    assertEquals(written, Files.getLastModifiedTime(folder.resolve("model.onnx")));
    assertEquals(List.of(source.folderName()), children(folder.getParent()), "no temporary folder is left");
  }

  @Test
  void aDamagedCachedFileIsReplaced() throws Exception {
    DemoModelCache.Source source = artifact(weights, sha(weights));
    Path root = tmp.resolve("cache");
    Path folder = DemoModelCache.unpack(source, root);
    Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3});

    DemoModelCache.Source fresh = artifact(weights, sha(weights));
    Path again = DemoModelCache.unpack(fresh, root);

    assertEquals(folder, again);
    assertArrayEquals(weights, Files.readAllBytes(again.resolve("model.onnx")));
    assertEquals(List.of(source.folderName()), children(folder.getParent()));
  }

  @Test
  void aResourceThatDoesNotMatchItsSumIsRejectedAndNothingIsLeft() throws Exception {
    DemoModelCache.Source source = artifact(weights, sha(new byte[] {42}));
    Path root = tmp.resolve("cache");

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> DemoModelCache.unpack(source, root));

    assertTrue(e.getMessage().contains(DemoModel.ARTIFACT) && e.getMessage().contains("model.onnx"), e.getMessage());
    assertEquals(List.of(), children(root.resolve("demo-model")));
  }

  @Test
  void withoutTheArtifactTheErrorNamesIt() {
    assertTrue(DemoModelCache.find(Set.of(new URLClassLoader(new URL[0], null))).isEmpty());
    // ssft-api's own tests do not have ssft-demo-model on the class path
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> DemoModel.folder(tmp));
    assertTrue(e.getMessage().contains("add the dependency " + DemoModel.ARTIFACT), e.getMessage());
    assertFalse(DemoModel.isAvailable());
  }

  @Test
  void threadsUnpackingAtOnceAllGetTheSameIntactFolder() throws Exception {
    Path root = tmp.resolve("cache");
    int n = 6;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // each its own Source, as separate processes would have: no shared in-process state
        DemoModelCache.Source source = artifact(weights, sha(weights));
        results.add(pool.submit(() -> {
          start.await();
          return DemoModelCache.unpack(source, root);
        }));
      }
      Path first = results.get(0).get();
      for (Future<Path> r : results) {
        assertEquals(first, r.get());
      }
      assertArrayEquals(weights, Files.readAllBytes(first.resolve("model.onnx")));
      assertEquals(1, children(first.getParent()).size(), "no temporary folder is left");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staleTemporaryFoldersOfKilledRunsAreRemoved() throws Exception {
    Path parent = Files.createDirectories(tmp.resolve("cache/demo-model"));
    Path stale = Files.createDirectory(parent.resolve(".unpack-123"));
    Files.write(stale.resolve("model.onnx"), new byte[10]);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));

    DemoModelCache.unpack(artifact(weights, sha(weights)), tmp.resolve("cache"));

    assertFalse(Files.exists(stale));
  }

  @Test
  void theDefaultRootFollowsTheSystemProperty() {
    String old = System.getProperty(DemoModel.CACHE_DIR_PROPERTY);
    try {
      System.setProperty(DemoModel.CACHE_DIR_PROPERTY, tmp.toString());
      assertEquals(tmp, DemoModel.defaultCacheRoot());
    } finally {
      if (old == null) {
        System.clearProperty(DemoModel.CACHE_DIR_PROPERTY);
      } else {
        System.setProperty(DemoModel.CACHE_DIR_PROPERTY, old);
      }
    }
  }

  /** An artifact as a class-path folder: the files, their sums (the model's as given) and the properties. */
  private DemoModelCache.Source artifact(byte[] model, String modelSum) throws Exception {
    Path jar = Files.createTempDirectory(tmp, "artifact");
    Path dir = Files.createDirectories(jar.resolve(DemoModelCache.RESOURCE_DIR));
    Files.write(dir.resolve("model.onnx"), model);
    Files.write(dir.resolve("config.json"), config);
    Files.writeString(dir.resolve(DemoModelCache.SUMS), modelSum + "  model.onnx\n" + sha(config) + "  config.json\n");
    Files.writeString(dir.resolve(DemoModelCache.PROPERTIES), "version=1.2.3\n");
    ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    return DemoModelCache.find(Set.of(loader)).orElseThrow();
  }

  private static List<String> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(1).nextBytes(b);
    return b;
  }
}
