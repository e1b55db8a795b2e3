package io.github.ssft4j.spark.internal;

import io.github.ssft4j.InvalidArgumentException;
import io.github.ssft4j.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Sends a model folder from the driver to the executors.
 *
 * <p>Spark 4 refuses a local directory in {@code SparkContext.addFile} outside local mode, and the jobs of a
 * {@code Dataset} see only their session's artifacts, not files or archives added to the {@code SparkContext}; the
 * session's public artifact API takes jars. So the folder travels as a jar: its files, stored uncompressed under
 * {@code ssft-models/NAME/}, added with {@code SparkSession.addArtifact}. Spark streams it to each executor and puts
 * it on the session's class loader; the first task there that needs the model finds the jar through that class
 * loader and unpacks it once into the executor's {@code SparkFiles} directory.
 */
public final class ModelShipping {
  private static final String PREFIX = "ssft-models/";
  private static final String MARKER = ".ssft-model";
  // session -> (folder, newest modification) -> the name it was shipped under: every job of a session reuses one
  // jar (a session may not add the same artifact twice).
  private static final Map<SparkSession, Map<List<Object>, String>> SHIPPED =
      Collections.synchronizedMap(new WeakHashMap<>());
  // a scheme of two letters or more (so that C:\ stays a path)
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):");

  private ModelShipping() {}

  /**
   * Driver side: packs and adds the folder, once per session and folder version.
   *
   * @param spark the session whose jobs will read the folder
   * @param modelDir the folder as the user named it: a local path or a {@code file:} URI
   * @return the name the executors look it up by ({@link #unpack})
   * @throws InvalidArgumentException when the folder is not a directory of the driver's file system
   */
  public static String ship(SparkSession spark, String modelDir) {
    if (isRemote(modelDir)) {
      throw new InvalidArgumentException("shipModel ships a folder of the driver's file system, not " + modelDir
          + ": copy the model to storage every executor mounts and name that path without shipModel");
    }
    Path dir = localPath(modelDir).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidArgumentException("shipModel needs the model folder on the driver, but " + dir
          + " is not a directory");
    }
    List<Object> key = List.of(dir.toString(), newestModification(dir));
    Map<List<Object>, String> shipped = SHIPPED.computeIfAbsent(spark, s -> new ConcurrentHashMap<>());
    return shipped.computeIfAbsent(key, k -> {
      String name = dir.getFileName() + "-" + Integer.toHexString(k.hashCode());
      spark.addArtifact(pack(dir, name).toString());
      return name;
    });
  }

  /**
   * Executor side, on a task thread (whose context class loader is the session's): the folder shipped as
   * {@code name}, unpacked into this executor's {@code SparkFiles} directory the first time.
   *
   * @param name what {@link #ship} returned
   * @return the local folder
   * @throws ModelLoadException when the task's class loader does not see the shipped jar
   */
  public static synchronized Path unpack(String name) {
    Path target = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath().normalize().resolve(PREFIX + name);
    if (Files.exists(target.resolve(MARKER))) {
      return target;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL marker = loader == null ? null : loader.getResource(PREFIX + name + "/" + MARKER);
    if (marker == null) {
      throw new ModelLoadException("the model shipped as " + name + ".jar is not on this task's class path: was it "
          + "shipped by this session (SparkConsensus.transform on a Dataset of the same SparkSession)?");
    }
    try {
      JarURLConnection connection = (JarURLConnection) marker.openConnection();
      Path partial = Files.createDirectories(target.getParent()).resolve(name + ".part");
      deleteRecursively(partial);
      try (JarFile jar = new JarFile(Path.of(connection.getJarFileURL().toURI()).toFile())) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          JarEntry entry = entries.nextElement();
          if (entry.isDirectory() || !entry.getName().startsWith(PREFIX + name + "/")) {
            continue;
          }
          Path out = partial.resolve(entry.getName().substring(PREFIX.length() + name.length() + 1)).normalize();
          if (!out.startsWith(partial)) {
            throw new ModelLoadException("entry " + entry.getName() + " of " + name + ".jar leaves its folder");
          }
          Files.createDirectories(out.getParent());
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, out);
          }
        }
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException | java.net.URISyntaxException | ClassCastException e) {
      throw new ModelLoadException("cannot unpack the model shipped as " + name + ".jar into " + target + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * @param modelDir a folder as the user named it
   * @return whether it is a URI of another file system than the local one ({@code hdfs://...}, {@code s3a://...})
   */
  public static boolean isRemote(String modelDir) {
    Matcher m = SCHEME.matcher(modelDir);
    return m.find() && !m.group(1).equalsIgnoreCase("file");
  }

  /**
   * @param modelDir a local folder, as a path or a {@code file:} URI
   * @return it as a path
   */
  public static Path localPath(String modelDir) {
    return modelDir.startsWith("file:") ? Path.of(URI.create(modelDir)) : Path.of(modelDir);
  }

  /** Writes the folder's files (stored, not compressed: weights do not compress) under {@code ssft-models/name/}. */
  private static Path pack(Path dir, String name) {
    try {
      Path tmpDir = Files.createTempDirectory("ssft-spark-model");
      Path target = tmpDir.resolve(name + ".jar");
      Path partial = tmpDir.resolve(name + ".jar.part");
      try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out);
          Stream<Path> files = Files.walk(dir)) {
        zip.setMethod(ZipOutputStream.STORED);
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          put(zip, PREFIX + name + "/" + dir.relativize(file).toString().replace('\\', '/'), file);
        }
        // written last: a folder whose marker exists was copied whole
        put(zip, PREFIX + name + "/" + MARKER, null);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      target.toFile().deleteOnExit();
      tmpDir.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new ModelLoadException("cannot pack model folder " + dir + " for the executors: " + e.getMessage(), e);
    }
  }

  private static void put(ZipOutputStream zip, String entryName, Path file) throws IOException {
    ZipEntry entry = new ZipEntry(entryName);
    CRC32 crc = new CRC32();
    long size = 0;
    if (file != null) {
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          crc.update(buffer, 0, n);
          size += n;
        }
      }
    }
    entry.setSize(size);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    if (file != null) {
      Files.copy(file, zip);
    }
    zip.closeEntry();
  }

  private static long newestModification(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
