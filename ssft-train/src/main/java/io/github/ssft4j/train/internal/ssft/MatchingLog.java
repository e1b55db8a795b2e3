package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.train.internal.hf.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How often each tag wins each trace slot: a running {@code N x M} count, plus one JSON line a step in
 * {@code matching.jsonl} with the step's loss, learning rate, gradient norm and every question's assignment
 * ({@code tags[j]} = the 1-based tag trace slot {@code j} was trained under).
 */
public final class MatchingLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final long[][] counts;
  private final Writer out;

  /**
   * @param file the per-step log; a fresh run empties it
   * @param tags {@code N}
   * @param slots {@code M}, the most traces a record has
   * @param initial counts to continue from, or {@code null}
   */
  public MatchingLog(Path file, int tags, int slots, long[][] initial) {
    this(file, tags, slots, initial, 0);
  }

  /**
   * @param file the per-step log: its lines for steps up to {@code keepSteps} are kept and continued, later ones
   *     (steps a killed run did after its last checkpoint, and a half-written last line) are dropped, so a resumed
   *     run never repeats a step
   * @param tags {@code N}
   * @param slots {@code M}, the most traces a record has
   * @param initial counts to continue from, or {@code null}
   * @param keepSteps the steps done by the checkpoint resumed from, 0 for a fresh run
   */
  public MatchingLog(Path file, int tags, int slots, long[][] initial, int keepSteps) {
    truncate(file, keepSteps);
    counts = new long[tags][slots];
    if (initial != null) {
      for (int i = 0; i < Math.min(tags, initial.length); i++) {
        System.arraycopy(initial[i], 0, counts[i], 0, Math.min(slots, initial[i].length));
      }
    }
    try {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new TrainingException("cannot open matching log " + file + ": " + e.getMessage(), e);
    }
  }

  /** Rewrites {@code file} (atomically) with its lines of steps {@code 1..keepSteps}, in order. */
  private static void truncate(Path file, int keepSteps) {
    if (!Files.exists(file)) {
      return;
    }
    List<String> kept = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int step;
        try {
          step = JSON.readTree(line).path("step").asInt(-1);
        } catch (IOException e) {
          break; // a line cut by a kill: nothing after it was written completely
        }
        if (step != kept.size() + 1 || step > keepSteps) {
          break;
        }
        kept.add(line);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read matching log " + file + ": " + e.getMessage(), e);
    }
    AtomicFiles.writeStream(file, out -> {
      for (String line : kept) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    });
  }

  /**
   * @param step the 0-based step
   * @param loss the step's loss
   * @param lr its learning rate
   * @param gradNorm its gradient norm before clipping
   * @param assignments per question, 0-based tag of each trace slot
   */
  public void record(int step, double loss, double lr, double gradNorm, List<int[]> assignments) {
    ObjectNode line = JSON.createObjectNode();
    line.put("step", step + 1);
    line.put("loss", loss);
    line.put("lr", lr);
    line.put("gradNorm", gradNorm);
    ArrayNode all = line.putArray("tags");
    for (int[] a : assignments) {
      ArrayNode row = all.addArray();
      for (int j = 0; j < a.length; j++) {
        row.add(a[j] + 1);
        counts[a[j]][j]++;
      }
    }
    try {
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new TrainingException("cannot write matching log: " + e.getMessage(), e);
    }
  }

  /** @return a copy of {@code counts[tag][slot]} */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * Writes the counts as JSON, atomically.
   *
   * @param file the target
   */
  public void writeSummary(Path file) {
    try {
      ObjectNode root = JSON.createObjectNode();
      root.put("description", "counts[tag-1][slot]: how often each tag was matched to each trace slot");
      ArrayNode rows = root.putArray("counts");
      for (long[] r : counts) {
        ArrayNode row = rows.addArray();
        for (long c : r) {
          row.add(c);
        }
      }
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new TrainingException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Closes the per-step log. */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new TrainingException("cannot close matching log: " + e.getMessage(), e);
    }
  }
}
