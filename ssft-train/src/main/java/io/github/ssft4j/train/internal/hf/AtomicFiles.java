package io.github.ssft4j.train.internal.hf;

import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Atomic file writes: a temporary file in the target's folder, forced to disk, then moved over the target. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file through a channel. */
  @FunctionalInterface
  public interface Writer {
    /**
     * @param out the channel of the temporary file
     * @throws IOException when writing fails
     */
    void write(FileChannel out) throws IOException;
  }

  /**
   * Writes {@code target} atomically.
   *
   * @throws TrainingException when writing or moving fails (the temporary file is removed)
   */
  public static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      readableByAll(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.write(ch);
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the move normally consumed it
        }
      }
    }
  }

  /**
   * Gives a file {@code rw-r--r--} permissions where POSIX permissions exist: temporary files are owner-only, a saved
   * checkpoint should have ordinary permissions.
   *
   * @throws IOException when the permissions cannot be set
   */
  public static void readableByAll(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    /**
     * @param out the buffered stream of the temporary file; do not close it
     * @throws IOException when writing fails
     */
    void write(java.io.OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically through a buffered stream.
   *
   * @throws TrainingException when writing or moving fails (the temporary file is removed)
   */
  public static void writeStream(Path target, StreamWriter writer) {
    write(target, ch -> {
      // Flushed, never closed: closing would close the channel before it is forced to disk.
      java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch));
      writer.write(out);
      out.flush();
    });
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) {
    write(target, ch -> {
      var b = java.nio.ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    });
  }

  /** Copies {@code source} to {@code target} atomically. */
  public static void copy(Path source, Path target) {
    write(target, ch -> {
      try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
        long pos = 0;
        long size = in.size();
        while (pos < size) {
          pos += in.transferTo(pos, size - pos, ch);
        }
      }
    });
  }

  /** Fills a folder. */
  @FunctionalInterface
  public interface FolderWriter {
    /**
     * @param dir the (empty) temporary folder to fill
     * @throws IOException when writing fails
     */
    void write(Path dir) throws IOException;
  }

  /**
   * Writes the folder {@code target} as a whole: filled under a hidden temporary name beside it, forced to disk,
   * then renamed over it (an existing folder is first renamed aside and deleted last). At every moment the final
   * name holds either the previous complete folder, the new complete folder or, for an instant between the two
   * renames, nothing; never a partial one.
   *
   * @throws TrainingException when writing fails (the temporary folder is removed)
   */
  public static void writeFolder(Path target, FolderWriter writer) {
    Path parent = target.toAbsolutePath().getParent();
    Path tmp = parent.resolve(".tmp-" + target.getFileName());
    Path old = parent.resolve(".old-" + target.getFileName());
    try {
      Files.createDirectories(parent);
      deleteTree(tmp);
      Files.createDirectories(tmp);
      writer.write(tmp);
      sync(tmp);
      deleteTree(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      sync(parent);
      deleteTree(old);
    } catch (IOException e) {
      throw new TrainingException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // best effort: the move normally consumed it
      }
    }
  }

  /**
   * Deletes the temporary files {@link #write} leaves in {@code dir} when the process is killed mid-write
   * ({@code .<name><digits>.tmp}); call it where a run starts, when no other writer is active in {@code dir}.
   *
   * @throws TrainingException when the folder cannot be listed
   */
  public static void removeStaleTemporaries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\..+\\d+\\.tmp")
          && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot clean up " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Forces a folder's entries to disk where the platform allows it (Linux, macOS); a no-op elsewhere. */
  public static void sync(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // Windows cannot open folders as channels; its renames are durable enough for our purpose.
    }
  }

  /** Deletes a file or a folder tree; nothing when it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
      java.util.List<Path> all = new java.util.ArrayList<>(walk.toList());
      all.sort(java.util.Comparator.reverseOrder());
      for (Path q : all) {
        Files.deleteIfExists(q);
      }
    }
  }
}
