package io.github.ssft4j.research.report;

import io.github.ssft4j.train.internal.hf.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes the results pages' charts: whole or not at all. */
public final class PngFiles {
  private PngFiles() {}

  /**
   * @param file the PNG to write (atomically)
   * @param image the chart
   */
  public static void write(Path file, BufferedImage image) {
    AtomicFiles.writeStream(file, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer in this JVM");
      }
    });
  }
}
