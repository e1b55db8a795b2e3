package io.github.ssft4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Starts a class of the test class path in a fresh JVM, as an application is started: {@code java -jar} on a jar
 * whose manifest holds the class path, so the command line stays short (ONNX Runtime's native start-up overflowed
 * the main thread's stack behind a 4 KB command line).
 */
public final class ChildJvm {
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final String description;

  private ChildJvm(Process process, Path stdout, Path stderr, String description) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.description = description;
  }

  /** What a finished child left: its exit code and its two output streams. */
  public record Result(int exit, String stdout, String stderr) {}

  /**
   * @param tmp a folder for the launcher jar and the output files
   * @param mainClass the class to run
   * @param jvmOptions options such as {@code -Dkey=value}
   * @param args the program's arguments
   * @return the running child
   * @throws IOException when it cannot be started
   */
  public static ChildJvm start(Path tmp, Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException {
    Path jar = launcherJar(tmp, mainClass);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "stdout", ".txt");
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("SSFT_LOG_LEVEL");
    return new ChildJvm(pb.start(), out, err, mainClass.getSimpleName() + " " + String.join(" ", args));
  }

  /**
   * @param timeoutSeconds how long to wait
   * @return the exit code and output
   * @throws AssertionError when the child does not finish in time (it is killed)
   */
  public Result await(long timeoutSeconds) throws IOException, InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(description + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  private static Path launcherJar(Path tmp, Class<?> mainClass) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringBuilder urls = new StringBuilder();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.append(urls.length() == 0 ? "" : " ").append(Path.of(entry).toUri().toURL());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls.toString());
    Path jar = Files.createTempFile(tmp, "launcher", ".jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.flush();
    }
    return jar;
  }
}
