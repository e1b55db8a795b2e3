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
}
