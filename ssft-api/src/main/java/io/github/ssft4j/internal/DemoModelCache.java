package io.github.ssft4j.internal;

import io.github.ssft4j.DemoModel;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the demo model's resources on the class path and unpacks them into a cache folder: each file is checked
 * against its SHA-256 sum while it is written into a private temporary folder, which is then renamed into place
 * in one atomic move. A JVM that loses the race to another finds the winner's folder, verifies it and uses it; a
 * cached folder that fails verification is moved aside and unpacked again. Not API.
 */
public final class DemoModelCache {
  /** Where the artifact keeps the model folder's files, beside {@value #SUMS} and {@value #PROPERTIES}. */
  public static final String RESOURCE_DIR = "META-INF/ssft4j/demo-model/";
  /** {@code sha256sum} format: {@code <64 hex digits>  <file name>} a line; every file listed is unpacked. */
  public static final String SUMS = "SHA256SUMS";
  /** {@code version=...}: names the cache folder together with a digest of {@value #SUMS}. */
  public static final String PROPERTIES = "demo-model.properties";

  private static final String TEMP_PREFIX = ".unpack-";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  private DemoModelCache() {}

  /** One file of the model folder and its expected SHA-256 (lower-case hex). */
  record Entry(String name, String sha256) {}

  /** The resources found: the loader to read them from, their version and their sums. */
  record Source(ClassLoader loader, String version, String sumsDigest, List<Entry> entries) {
    String folderName() {
      return version + "-" + sumsDigest.substring(0, 12);
    }
  }

  /** @return whether the demo model's resources are on the class path */
  public static boolean available() {
    return find(loaders()).isPresent();
  }

  /**
   * @param root the cache root
   * @return the verified model folder under {@code root}
   */
  public static Path unpack(Path root) {
    Source source = find(loaders()).orElseThrow(() -> new ModelLoadException("the demo model is not on the class "
        + "path: add the dependency " + DemoModel.ARTIFACT + " (same version as ssft-api) to use "
        + "ParallelReasoner.demo(), or load a model folder with ParallelReasoner.load(dir)"));
    return unpack(source, root);
  }

  /** The default cache root; see {@link DemoModel#defaultCacheRoot()}. */
  public static Path defaultRoot() {
    String configured = System.getProperty(DemoModel.CACHE_DIR_PROPERTY);
    if (isBlank(configured)) {
      configured = System.getenv("SSFT4J_CACHE_DIR");
    }
    if (!isBlank(configured)) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (!isBlank(xdg)) {
      return Path.of(xdg, "ssft4j");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ssft4j");
  }

  static Optional<Source> find(Set<ClassLoader> loaders) {
    for (ClassLoader loader : loaders) {
      if (loader.getResource(RESOURCE_DIR + SUMS) != null) {
        return Optional.of(read(loader));
      }
    }
    return Optional.empty();
  }

  static Path unpack(Source source, Path root) {
    Path folder = root.toAbsolutePath().normalize().resolve("demo-model").resolve(source.folderName());
    try {
      if (Files.isDirectory(folder)) {
        if (verifies(folder, source)) {
          return folder;
        }
        moveAside(folder);
      }
      Path parent = Files.createDirectories(folder.getParent());
      removeStaleTemps(parent);
      Path temp = Files.createTempDirectory(parent, TEMP_PREFIX);
      try {
        for (Entry e : source.entries()) {
          write(source.loader(), e, temp.resolve(e.name()));
        }
        try {
          Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw new ModelLoadException("cannot unpack the demo model: " + parent + " does not support atomic moves; "
              + "set -D" + DemoModel.CACHE_DIR_PROPERTY + " to a local folder", e);
        } catch (IOException e) {
          // Another JVM moved its copy into place first (the target exists and is not empty): use that one.
          if (!Files.isDirectory(folder) || !verifies(folder, source)) {
            throw e;
          }
        }
      } finally {
        deleteTree(temp);
      }
      return folder;
    } catch (IOException e) {
      throw new ModelLoadException("cannot unpack the demo model into " + folder + ": " + e, e);
    }
  }

  private static Set<ClassLoader> loaders() {
    Set<ClassLoader> loaders = new LinkedHashSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    ClassLoader own = DemoModelCache.class.getClassLoader();
    loaders.add(own != null ? own : ClassLoader.getSystemClassLoader());
    return loaders;
  }

  private static Source read(ClassLoader loader) {
    byte[] sums = readResource(loader, SUMS);
    Properties props = new Properties();
    try {
      props.load(new StringReader(new String(readResource(loader, PROPERTIES), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw corrupt(PROPERTIES + " is unreadable: " + e.getMessage());
    }
    String version = props.getProperty("version", "").strip();
    if (!version.matches("[A-Za-z0-9._-]+")) {
      throw corrupt(PROPERTIES + " has no usable version: '" + version + "'");
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("\\s+\\*?", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || !parts[1].matches("[A-Za-z0-9._-]+")
          || parts[1].startsWith(".")) {
        throw corrupt(SUMS + " has a malformed line: '" + line + "'");
      }
      entries.add(new Entry(parts[1], parts[0]));
    }
    if (entries.isEmpty()) {
      throw corrupt(SUMS + " lists no files");
    }
    return new Source(loader, version, hex(sha256().digest(sums)), List.copyOf(entries));
  }

  private static byte[] readResource(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw corrupt("resource " + RESOURCE_DIR + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + RESOURCE_DIR + name + " from " + DemoModel.ARTIFACT, e);
    }
  }

  private static void write(ClassLoader loader, Entry e, Path target) throws IOException {
    MessageDigest md = sha256();
    try (InputStream raw = loader.getResourceAsStream(RESOURCE_DIR + e.name())) {
      if (raw == null) {
        throw corrupt("resource " + RESOURCE_DIR + e.name() + " (listed in " + SUMS + ") is missing");
      }
      try (InputStream in = new DigestInputStream(raw, md); OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
    }
    // Contents reach the disk before the folder is renamed into place.
    try (var channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    String actual = hex(md.digest());
    if (!actual.equals(e.sha256())) {
      throw corrupt("resource " + RESOURCE_DIR + e.name() + " has SHA-256 " + actual + ", " + SUMS + " says "
          + e.sha256());
    }
  }

  private static boolean verifies(Path folder, Source source) throws IOException {
    for (Entry e : source.entries()) {
      Path file = folder.resolve(e.name());
      if (!Files.isRegularFile(file)) {
        return false;
      }
      MessageDigest md = sha256();
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      if (!hex(md.digest()).equals(e.sha256())) {
        return false;
      }
    }
    return true;
  }

  private static void moveAside(Path folder) throws IOException {
    Path aside = folder.resolveSibling(TEMP_PREFIX + folder.getFileName() + "-corrupt-" + System.nanoTime());
    try {
      Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (Files.exists(folder)) {
        throw e;
      } // else another JVM moved it aside first
    }
    deleteTree(aside);
  }

  /** Temporary folders left by a JVM killed while unpacking; an hour is far longer than any unpack takes. */
  private static void removeStaleTemps(Path parent) {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(parent, TEMP_PREFIX + "*")) {
      for (Path t : temps) {
        FileTime modified = Files.getLastModifiedTime(t);
        if (modified.toInstant().isBefore(cutoff)) {
          deleteTree(t);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover costs disk space only
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temporary folder is removed by a later unpack
    }
  }

  private static ModelLoadException corrupt(String what) {
    return new ModelLoadException("the demo model artifact " + DemoModel.ARTIFACT + " is damaged: " + what);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
